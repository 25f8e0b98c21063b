"""Differential test: `harness decode isy --messages` against pyisyox 6.0.1 `parse_event_frame`.

Generates frames across every system control code `_0`..`_28`, node property/command ids and unknown codes, in
every payload shape the eisy sends (and XML-level variations of them), over both transports (raw XML as on
`/rest/subscribe`, JSON envelope as on `/api/events/subscribe`), plus non-event envelopes, empty and malformed
frames. Every field must agree (`eventInfo` compared as XML); where pyisyox returns None we must print
`ignored` or an error. Frames with a DTD are refused by design (pyisyox's expat would expand internal
entities); they are counted separately and must be errors on our side.

Usage: python differential.py --harness .build/debug/harness [--seed 7] [--per-control 12]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from collections import Counter

from pyisyox_reference import compare, reference

SYSTEM = [f"_{n}" for n in range(29)]
PROPERTIES = ["ST", "OL", "RR", "DON", "DOF", "DFON", "DFOF", "FDUP", "ERR", "GV1", "CLITEMP", "BATLVL", "CLISPH"]
UNKNOWN = ["_29", "_7A", "_7M", "_99"]

ACTIONS = {
    "_0": ["90", "30", "120"],
    "_1": ["0", "1", "2", "3", "6", "7", "8", "9"],
    "_3": ["ND", "NR", "NN", "EN", "WH", "WD", "CE", "NE", "GN", "XX"],
    "_5": ["0", "1", "2", "3", "7"],
    "_7": ["1", "2.1", "2.2", "2.3"],
    "_25": ["1.3", "7.1"],
    "_27": ["1.3"],
    "_28": ["1.3", "2.1"],
}


def event_info_for(control: str, action: str, rng: random.Random) -> str:
    """A payload of the shape the eisy sends for this control/action (captures in service-profiles.md §2.4)."""
    if control == "_1" and action in ("6", "7"):
        quote = rng.choice(['"', "'"])
        return (f"<var type={quote}{rng.choice([1, 2])}{quote} id={quote}{rng.randint(1, 99)}{quote}>"
                f"<prec>{rng.randint(0, 3)}</prec><val>{rng.randint(-5, 500)}</val>"
                + (f"<init>{rng.randint(0, 9)}</init>" if action == "7" else "")
                + "<ts>20260506 13:23:15 </ts></var>")
    if control == "_1" and action == "0":
        return rng.choice([
            "<id>8D</id><on /><nr /><r>260506 14:30:36 </r><f>260506 14:30:36 </f><s>31</s>",
            "<id>0012</id><off/><rr/><r>260506 14:30:36 </r><f>260506 14:30:40 </f><s>21</s>",
            "<id>3</id>\n  <r>260506 14:30:36 </r>\n  <s>F0</s>\n",
        ])
    if control == "_1" and action in ("8", "2"):
        return rng.choice(["E8E7BC14.2B06", "8EF9AD.FD01BF"])
    if control == "_1" and action == "9":
        return "<var><type>2</type><id>0</id></var>"
    if control == "_3":
        return rng.choice(["<status>0</status>", "", "<enabled>false</enabled>", "<newName>Kitchen &amp; Bath</newName>",
                           "<nodeName>Lamp</nodeName><nodeType><node flag=\"128\"><address>1 2 3 1</address></node></nodeType>"])
    if control == "_7":
        return rng.choice([
            "<![CDATA[U7 Rest:  submitCmd([6536],[DOF],[<NULL>])]]>",
            "U7 Rest:  submitCmd([ZW003_1],[CONFIG],[NUM.107=24&VAL.111=1])",
            "U7 Rest: a&b & c &amp; d &#65; &foo;",
            "<![CDATA[x]]> tail <b>bold</b> more",
        ])
    if control in ("_25", "_27", "_28"):
        return '<matter loglevel="0" interviewtimeout="0" relaxdelay="0" relaxdelaydefault="1" connected="true" />'
    return rng.choice(["", "", "<status>1</status>", "  text with &lt;escapes&gt; and &#x20AC; ",
                       "<a x='1'>t<!-- c --><b/>tail</a>", "<?pi d?><c>\r\nx</c>"])


def xml_frame(control: str, rng: random.Random) -> str:
    """One `<Event>` document with randomised (but well-formed unless asked) variations."""
    action = rng.choice(ACTIONS.get(control, ["0", "1", "255", "2.5", "-3"]))
    attrs = []
    if rng.random() < 0.95:
        attrs.append(("seqnum", rng.choice([str(rng.randint(0, 100000)), " 7 ", "x", "+3", "1_000", "-1"]) if rng.random() < 0.1 else str(rng.randint(0, 100000))))
    if rng.random() < 0.9:
        attrs.append(("sid", rng.choice(["uuid:1", "uuid:74", "uuid:a&amp;b", "uuid:t\tab"])))
    if rng.random() < 0.8:
        attrs.append(("timestamp", "2026-05-05T18:52:41.875777-07:00"))
    rng.shuffle(attrs)

    def attr(name, value):
        quote = rng.choice(['"', "'"])
        value = value.replace(quote, "&quot;" if quote == '"' else "&apos;")
        spacing = rng.choice([" ", "  ", "\n\t", " "])
        eq = rng.choice(["=", "=", " = ", "\n=\n"])
        return f"{spacing}{name}{eq}{quote}{value}{quote}"

    head = rng.choice(['<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?>', "",
                       "<?xml version='1.0' encoding='utf-8' standalone='yes'?>\n", " \n"])
    action_attrs = ""
    if not control.startswith("_") and rng.random() < 0.8:
        action_attrs = attr("uom", rng.choice(["100", "25", "17", "51"])) + attr(
            "prec", rng.choice(["0", "1", "2", "x", " 3"]) if rng.random() < 0.1 else rng.choice(["0", "1", "2"]))
    node = rng.choice(["42 92 8C 1", "8E 55 0D 1", "ZW003_1", "n001_x", ""]) if not control.startswith("_") or control == "_3" else ""
    fmt_act = rng.choice(["On", "Off", "60%", "4.5 seconds", "70.5°F", "A &amp; B", "<![CDATA[5 < 6]]>", ""])
    children = [
        f"<control>{control}</control>" if rng.random() < 0.97 else f"<control>{control}<!-- c --></control>",
        f"<action{action_attrs}>{action}</action>",
        f"<node>{node}</node>" if node or rng.random() < 0.7 else "<node/>",
        f"<eventInfo>{event_info_for(control, action, rng)}</eventInfo>" if rng.random() < 0.95 else "<eventInfo/>",
    ]
    if not control.startswith("_") and rng.random() < 0.8:
        children.append(f"<fmtAct>{fmt_act}</fmtAct>")
        children.append(f"<fmtName>{rng.choice(['Status', 'On Level', 'Température', 'Ramp Rate'])}</fmtName>")
    if rng.random() < 0.05:
        children.append("<control>SECOND</control>")  # first one wins
    if rng.random() < 0.05:
        rng.shuffle(children)
    if rng.random() < 0.04:
        children.pop(rng.randrange(len(children)))
    sep = rng.choice(["", "", "\n", "\r\n  "])
    end = rng.choice(["</Event>", "</Event >"])
    return head + "<Event" + "".join(attr(n, v) for n, v in attrs) + ">" + sep + sep.join(children) + sep + end


def envelope(xml: str, rng: random.Random) -> str:
    members = [("type", "event"), ("data", xml)]
    if rng.random() < 0.2:
        members.insert(rng.randrange(3), ("extra", rng.choice([1, None, [1, 2], {"a": "b"}])))
    if rng.random() < 0.2:
        members.reverse()
    body = ",".join(f"{json.dumps(k)}:{json.dumps(v, ensure_ascii=rng.random() < 0.5)}" for k, v in members)
    return rng.choice(["", " ", "\n"]) + "{" + body + "}"


MALFORMED = [
    "<Event><control>ST</control>",
    "<Event><control>ST</action></Event>",
    "<Event><control>ST</control></Event><Event/>",
    "<Event>&#0;</Event>",
    "<Event><eventInfo>&#x110000;</eventInfo></Event>",
    "<Event a='1' a='2'/>",
    "<Event><a b=1/></Event>",
    " <?xml version=\"1.0\"?><Event/>",
    "<SubscriptionResponse><SID>uuid:1</SID></SubscriptionResponse>",
    "<Event><![CDATA[x]]]]></Event>",
    "<Event><!-- a -- b --></Event>",
    "<Event>\u0001</Event>",
    "not xml",
    "[1,2]",
    "{\"type\":\"event\"}",
    "{\"type\":\"event\",\"data\":5}",
    "{\"type\":\"event\",\"data\":\"not xml\"}",
    "{\"type\":\"event\",\"data\":\"<Event>\"}",
    "{\"type\":\"spolisy\",\"data\":\"{\\\"status\\\":\\\"inactive\\\"}\"}",
    "{\"type\":\"spolisy\"}",
    "{\"type\":\"null\",\"data\":null}",
    "{\"type\":5}",
    "{\"data\":\"<Event/>\"}",
    "{\"type\":\"event\",\"data\":\"<Event/>\"",
    "",
    "   ",
    "\n",
]

# Namespaced roots are not eisy's Event: ElementTree tags them `x:Event` / `{urn:x}Event`, pyisyox drops them,
# we answer isy-not-an-event (issue 12 §4).
MALFORMED += [
    "<x:Event xmlns:x=\"urn:x\" seqnum=\"3\"><control>ST</control><action>1</action></x:Event>",
    "<x:Event><control>ST</control></x:Event>",
    "<Event xmlns=\"urn:x\" seqnum=\"3\"><control>ST</control><action>1</action></Event>",
]

DTD = [
    "<!DOCTYPE Event [<!ENTITY x \"y\">]><Event><control>&x;</control></Event>",
    "<!DOCTYPE Event><Event><control>ST</control></Event>",
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--harness", required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-control", type=int, default=12)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    frames: list[tuple[str, str, str]] = []  # (category, transport, raw)
    for control in SYSTEM + PROPERTIES + UNKNOWN:
        for _ in range(args.per_control):
            xml = xml_frame(control, rng)
            frames.append((control, "raw", xml))
            frames.append((control, "envelope", envelope(xml, rng)))
    for raw in MALFORMED:
        frames.append(("malformed-or-ignored", "raw" if not raw.lstrip().startswith("{") else "envelope", raw))
        if raw.lstrip().startswith("<"):
            frames.append(("malformed-or-ignored", "envelope", envelope(raw, rng)))
    dtd = [("dtd", "raw", raw) for raw in DTD] + [("dtd", "envelope", envelope(raw, rng)) for raw in DTD]

    # A leading U+FEFF: pyisyox drops the frame (its `lstrip()` sniffing keeps the mark), we skip the mark and
    # decode the event, which must equal pyisyox's reading of the same frame without it (documented divergence).
    bom = [("bom", transport, "\ufeff" + raw) for category, transport, raw in frames[::9] if category != "_0"]

    everything = frames + dtd + bom
    stdin = "".join(json.dumps({"text": raw}) + "\n" for _, _, raw in everything)
    result = subprocess.run([args.harness, "decode", "isy", "--messages"], input=stdin.encode(),
                            capture_output=True, check=False)
    lines = result.stdout.decode().splitlines()
    if result.returncode != 0 or len(lines) != len(everything):
        print(f"harness failed: exit {result.returncode}, {len(lines)} lines for {len(everything)} frames")
        print(result.stderr.decode()[:2000])
        return 1

    counts = Counter()
    failures = []
    for (category, transport, raw), line in zip(everything, lines):
        ours = json.loads(line)
        if category == "dtd":
            counts["dtd refused"] += 1
            if "error" not in ours or ours["error"]["code"] != "xml-dtd-not-allowed":
                failures.append((category, transport, raw, [f"DTD frame not refused: {ours}"]))
            continue
        if category == "bom":
            counts["bom kept"] += 1
            problems = compare(ours, raw[1:])
            if problems:
                failures.append((category, transport, raw, problems))
            continue
        problems = compare(ours, raw)
        counts[f"{transport} frames"] += 1
        expected = reference(raw)
        counts["pyisyox events" if expected is not None else "pyisyox None"] += 1
        if expected is None:
            counts["ours ignored" if "ignored" in ours else "ours error" if "error" in ours else "ours other"] += 1
        if problems:
            failures.append((category, transport, raw, problems))
        else:
            counts["agree"] += 1
    controls = sorted({c for c, _, _ in frames if c.startswith("_") or c in PROPERTIES})
    print(f"isy differential vs pyisyox 6.0.1: {len(frames)} frames ({counts['raw frames']} raw, "
          f"{counts['envelope frames']} envelope) over {len(controls)} control codes; "
          f"{counts['agree']} agree, {len(failures)} differ")
    print(f"  pyisyox events: {counts['pyisyox events']} (every field compared); pyisyox None: {counts['pyisyox None']} "
          f"(ours: {counts['ours ignored']} ignored, {counts['ours error']} error)")
    print(f"  DTD frames refused by design: {counts['dtd refused']}")
    print(f"  BOM-prefixed frames decoded as without the mark (pyisyox drops them): {counts['bom kept']}")
    for category, transport, raw, problems in failures[:20]:
        print(f"  DIFF [{category}/{transport}] {raw[:160]!r}")
        for problem in problems:
            print(f"      {problem}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
