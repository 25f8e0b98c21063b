# Helpers shared by .ci/run and its steps (sourced, not executed).

# Installs the Debian packages given that are not installed yet (apt-get, non-interactive; sudo when not root).
ensure_apt() {
    local missing=()
    for package in "$@"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "ci: installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Creates (once) the venv of Python reference peers from .ci/requirements/*.txt and prints its path.
# Peers are test oracles only, never part of the product.
ensure_venv() {
    local venv="${CI_VENV:-$PWD/.venv-ci}"
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv" >/dev/null 2>&1 || { python3 -m pip install -q virtualenv && python3 -m virtualenv -q "$venv"; }
    fi
    local stamp="$venv/.requirements"
    local wanted
    wanted=$(cat .ci/requirements/*.txt 2>/dev/null | sort -u)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
        if [ -n "$wanted" ]; then
            "$venv/bin/python" -m pip install -q --disable-pip-version-check $(cat .ci/requirements/*.txt | grep -v '^#' | sort -u) >&2
        fi
        echo "$wanted" > "$stamp"
    fi
    echo "$venv"
}
