#!/usr/bin/env python3
"""Markdown verdict tables from `harness verify --json` files (one per client): per client and service the
scenario counts by verdict, then each expected failure's defect with the scenarios it covers. README's
"Verdicts" section is this output. Usage: verdict-table.py FILE.json ..."""
import json
import sys

rows, defects = [], []
for path in sys.argv[1:]:
    with open(path) as f:
        report = json.load(f)
    client = report.get("client", path)
    by_service = {}
    for s in report["scenarios"]:
        counts = by_service.setdefault(s["service"], {"pass": 0, "expected-failure": 0, "fail": 0})
        counts[s["verdict"]] += 1
        if s["verdict"] == "expected-failure":
            reason = s["details"][0].split(": ", 1)[-1]
            for entry in defects:
                if entry[0] == client and entry[1] == reason:
                    entry[2].append(s["name"])
                    break
            else:
                defects.append([client, reason, [s["name"]]])
    for service, c in sorted(by_service.items()):
        rows.append(f"| {client} | {service} | {sum(c.values())} | {c['pass']} | {c['expected-failure']} | {c['fail']} |")

print("| client | service | scenarios | pass | expected failure (seed defect) | fail |")
print("| --- | --- | --- | --- | --- | --- |")
print("\n".join(rows))
if defects:
    print()
    print("| client | defect | scenarios |")
    print("| --- | --- | --- |")
    for client, reason, names in defects:
        print(f"| {client} | {reason} | {', '.join('`' + n + '`' for n in names)} |")
