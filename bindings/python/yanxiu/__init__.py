"""yanxiu for policy analysts: teacher in-service training policy, audited with pandas.

    import yanxiu
    policy = yanxiu.load_policy("examples/policies/dali-2017.json")
    county = yanxiu.synthetic_county(policy, teachers=3000)
    audit = policy.audit(county.teachers, county.records)
    audit.to_pandas()          # one row per teacher x rule (x part) x period

Rubrics score schools, teachers and leaders item by item:

    pucheng = yanxiu.load_policy("examples/policies/pucheng-2014.json")
    yanxiu.score(pucheng, "school-evaluation", scores, metrics)   # a DataFrame

Numbers are exact int64 hundredths; no float is used in any sum. A rule's amounts (required,
credited, shortfall, min) are in `*_x100` columns, hundredths of the rule's unit, which the
`rule_kind` column gives: hours for `quota` rules (3000 is 30 hours), activities for `count`
and `choice` rules (1000 is 10 lesson observations; counts are whole, so always a multiple of
100). A record's hours are in `*_h100` columns, always hours (`hours_h100`). `to_decimal`
turns hundredths into exact decimals for display.
"""

from . import _core, plot
from ._audit import Audit, Explanation, GapPlan, Summary
from ._changes import REMOVE
from ._common import (BASES, DISPOSITIONS, PERIOD_KINDS, RECORD_STATUSES, RULE_KINDS,
                      SCORE_DISPOSITIONS, SCORE_ROW_KINDS, SCORE_STATUSES, STATUSES,
                      TIER_STATUSES, to_decimal)
from ._compare import Impact, compare, diff
from ._core import Diagnostic, Error, InputError, PolicyError
from ._excel import read_excel
from ._county import County, CountyCsv, synthetic_county, synthetic_county_csv
from ._groups import GroupAssignment, groups_assess, groups_assign, groups_audit
from ._subjects import SubjectAudit, audit_subjects, explain_subject
from ._ledger import Ledger, RejectedRowsError, RejectedRowsWarning
from ._policy import Policy, load_policy
from ._policy_set import PolicySet, PolicyVersion, SetAudit, load_policy_set
from ._scores import Scores, score, tiers

__version__: str = _core.__version__

__all__ = [
    "Audit", "County", "CountyCsv", "Diagnostic", "Error", "Explanation", "GapPlan",
    "GroupAssignment", "InputError", "Ledger", "RejectedRowsError", "RejectedRowsWarning", "PolicySet", "PolicyVersion", "SetAudit",
    "Policy", "PolicyError", "REMOVE", "Scores", "Summary", "BASES", "DISPOSITIONS",
    "PERIOD_KINDS", "RECORD_STATUSES", "RULE_KINDS", "SCORE_DISPOSITIONS", "SCORE_ROW_KINDS",
    "SCORE_STATUSES", "STATUSES", "SubjectAudit", "TIER_STATUSES", "Impact", "audit_subjects",
    "compare", "diff", "explain_subject", "groups_assess",
    "groups_assign", "groups_audit", "load_policy", "load_policy_set",
    "plot", "read_excel", "score", "synthetic_county", "synthetic_county_csv", "tiers", "to_decimal",
]
