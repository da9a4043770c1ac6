#pragma once

// Everything of yanxiu's C++ API.

#include <yanxiu/audit.hpp>
#include <yanxiu/calendar.hpp>
#include <yanxiu/decisions.hpp>
#include <yanxiu/diagnostics.hpp>
#include <yanxiu/explain.hpp>
#include <yanxiu/explanation_json.hpp>
#include <yanxiu/gap_plan.hpp>
#include <yanxiu/groups.hpp>
#include <yanxiu/hours.hpp>
#include <yanxiu/impact.hpp>
#include <yanxiu/language.hpp>
#include <yanxiu/ledger.hpp>
#include <yanxiu/limits.hpp>
#include <yanxiu/output.hpp>
#include <yanxiu/policy.hpp>
#include <yanxiu/policy_set.hpp>
#include <yanxiu/report.hpp>
#include <yanxiu/rubrics.hpp>
#include <yanxiu/scenario.hpp>
#include <yanxiu/selector.hpp>
#include <yanxiu/session.hpp>
#include <yanxiu/set_audit.hpp>
#include <yanxiu/subjects.hpp>
#include <yanxiu/summary.hpp>
#include <yanxiu/synthetic.hpp>
#include <yanxiu/tiers.hpp>
#include <yanxiu/version.hpp>
