"""Reads a structured explanation (docs/explanation-schema.md) as a web page's backend would and
prints the facts the cli.explain.json test checks. Fails on a JSON number with a fraction: amounts
are exact decimal strings."""
import json
import sys


def no_float(text):
    raise SystemExit(f"a JSON number with a fraction: {text}")


with open(sys.argv[1], encoding="utf-8") as file:  # fails on invalid UTF-8
    explanation = json.load(file, parse_float=no_float)
teacher = explanation["teacher"]
print(explanation["schema"], explanation["lang"], teacher["id"], teacher["status_label"])
verdict = explanation["verdicts"][0]
print(verdict["rule_id"], verdict["credited"], "/", verdict["required"], verdict["status_label"])
for record in explanation["records"]:
    if record["reason"]:
        print(record["record_id"], record["reason"]["code"], record["reason"]["message"])
print("gap", explanation["gap_plan"]["closes_every_gap"], len(explanation["gap_plan"]["steps"]))
