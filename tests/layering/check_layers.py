#!/usr/bin/env python3
"""Fails when a file of the engine includes a header of a higher layer (docs/architecture.md).

The layers, lowest first, are the `yanxiu_layers` of src/CMakeLists.txt. A file in src/LAYER/
belongs to LAYER; a public header belongs to the layer PUBLIC_HEADERS names. A file may include
the headers of its own layer and of the layers below it, never one above.

    check_layers.py ROOT     checks the tree at ROOT; prints each back edge as FILE:LINE
"""

import re
import sys
from pathlib import Path

# Each public header's layer. A header missing here is an error, so a new one gets a place.
# Those under sys/ are for the adapters (the C ABI, Python, the command line), not hosts: a host
# header (any other) must not include one, so yanxiu.hpp never brings them.
PUBLIC_HEADERS = {
    "util": ["calendar.hpp", "diagnostics.hpp", "enum_counts.hpp", "hours.hpp", "limits.hpp",
             "progress.hpp", "version.hpp", "sys/fields.hpp"],
    "policy": ["categories.hpp", "credits.hpp", "group_rules.hpp", "policy.hpp",
               "policy_set.hpp", "rubric_rules.hpp", "rules.hpp", "selector.hpp", "subject_rules.hpp",
               "tier_rules.hpp"],
    "ledger": ["columns.hpp", "ledger.hpp", "sys/intake.hpp"],
    "engine": ["audit.hpp", "audit_batches.hpp", "decisions.hpp", "explain.hpp", "gap_plan.hpp",
               "impact.hpp", "language.hpp", "session.hpp", "set_audit.hpp", "subjects.hpp", "summary.hpp"],
    "rubrics": ["rubrics.hpp"],
    "tiers": ["tiers.hpp"],
    "groups": ["groups.hpp"],
    "io": ["report.hpp", "output.hpp", "explanation_json.hpp"],
    "tools": ["scenario.hpp", "synthetic.hpp", "yanxiu.hpp"],
}

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')


def layer_order(root):
    text = (root / "src/CMakeLists.txt").read_text()
    match = re.search(r"set\(yanxiu_layers ([^)]*)\)", text)
    if not match:
        sys.exit(f"{root}/src/CMakeLists.txt: no set(yanxiu_layers ...)")
    return match.group(1).split()


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    layers = layer_order(root)
    rank = {layer: index for index, layer in enumerate(layers)}
    header_layer = {f"yanxiu/{name}": layer
                    for layer, names in PUBLIC_HEADERS.items() for name in names}
    problems = []

    def layer_of_include(name):
        """The layer of an included header, or None for a system or third-party one."""
        if name in header_layer:
            return header_layer[name]
        first = name.split("/", 1)[0]
        if "/" in name and first in rank:
            return first  # a private header, "util/csv.hpp"
        return None

    host_headers = set()
    files = [(path, path.parent.relative_to(root / "src").parts[0])
             for path in sorted((root / "src").rglob("*")) if path.suffix in (".cpp", ".hpp")]
    for path in sorted((root / "include/yanxiu").rglob("*.hpp")):
        name = "yanxiu/" + path.relative_to(root / "include/yanxiu").as_posix()
        if name not in header_layer:
            problems.append(f"{path.relative_to(root)}:1: public header with no layer: "
                            f"add it to PUBLIC_HEADERS in {Path(__file__).name}")
            continue
        files.append((path, header_layer[name]))
        if not name.startswith("yanxiu/sys/"):
            host_headers.add(path)

    for path, own in files:
        if own not in rank:
            problems.append(f"{path.relative_to(root)}:1: src/{own}/ is not a layer of "
                            "src/CMakeLists.txt")
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            if path in host_headers and match.group(1).startswith("yanxiu/sys/"):
                problems.append(f"{path.relative_to(root)}:{number}: the host header includes "
                                f"{match.group(1)}, which is for adapters only")
            target = layer_of_include(match.group(1))
            if target is not None and rank[target] > rank[own]:
                problems.append(f"{path.relative_to(root)}:{number}: layer {own} includes "
                                f"{match.group(1)} of the higher layer {target}")

    for problem in problems:
        print(problem)
    print(f"{len(files)} files checked against {len(layers)} layers: "
          f"{len(problems)} back edge{'s' if len(problems) != 1 else ''}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
