#pragma once

// How records become credited hours before any rule counts them — the credit pipeline:
//
//   convert -> gate -> per-item cap -> per-period cap -> category caps -> (rules: totals,
//   carry-over)
//
// Each step can only lower a record's hours; explain shows every step that changed a number.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yanxiu/calendar.hpp>
#include <yanxiu/categories.hpp>
#include <yanxiu/hours.hpp>
#include <yanxiu/selector.hpp>

namespace yanxiu {

/// The unit a policy's rules, caps and conversions are written in: hours (学时, the default) or
/// credits (学分), which a record's hours earn at its category's rate. How the exact amount is
/// rounded is the policy's: to a step, down or half up, per record or per period's sum.
struct CreditUnit {
  enum class Kind : std::uint8_t { hours, credits };
  enum class Rounding : std::uint8_t { down, half_up };
  enum class RoundAt : std::uint8_t { period, record };
  Kind kind = Kind::hours;
  std::string label;                       ///< "学分"; empty: "h" for hours
  Hours step = Hours::from_hundredths(1);  ///< amounts are multiples of it
  Rounding rounding = Rounding::down;
  RoundAt round_at = RoundAt::period;
  /// The least common multiple of the categories' rate denominators: a period's exact sum is
  /// held in hundredths of a unit divided by it.
  std::int64_t denominator = 1;
  bool credits() const { return kind == Kind::credits; }
};

/// Review state of a record (S0.7, S4.7). Only ever appended to: the C ABI numbers them.
enum class RecordStatus : std::uint8_t {
  certified,        ///< registered by the office that certifies (the default)
  pending,          ///< submitted, not reviewed
  rejected,         ///< never credited
  group_certified,  ///< certified by the teaching-research group, awaiting the dean (S4.7)
};
inline constexpr int record_status_count = 4;
std::string_view to_string(RecordStatus status);
std::optional<RecordStatus> parse_record_status(std::string_view text);

/// Which statuses the policy credits; the audit can also be run "as submitted".
struct Certification {
  std::vector<RecordStatus> credited{RecordStatus::certified};
};

/// The hours one outcome earns at a level: fixed (min == max) or a range within which the
/// reviewer chooses, the record carrying the choice ("a provincial paper 10-20 h").
struct ConversionRate {
  std::string level;  ///< "national", "provincial", ...; empty: records without a level
  Hours min;
  Hours max;
};

/// A cap per period of the calendar.
struct PeriodCap {
  PeriodKind per = PeriodKind::academic_year;
  Hours hours;
};

/// Outcome records (a paper, an open lesson, degree study) turned into credited hours of a
/// category (S0.5 "成果换算", S2.10, S2.12 "折算").
struct Conversion {
  std::string id;
  std::string label;
  std::string source;
  std::string outcome;  ///< the records' `outcome` value it converts
  CategoryIndex category = no_category;
  std::vector<ConversionRate> rates;
  std::optional<Hours> item_cap;  ///< at most this per item
  std::vector<PeriodCap> caps;    ///< at most this per period, over the conversion's records
  Selector applies_to;            ///< who may convert (S2.10: under 45); others' records are gated
  SourcePosition position;
};

/// Conditions a record must meet to earn anything; a failed gate makes it `gated`.
enum class GateKind : std::uint8_t {
  attendance,   ///< attended at least (or more than) a fraction of the course's hours
  assessment,   ///< assessed with one of the passing results
  certificate,  ///< carries a certificate id (S0.6: online hours by the platform's certificate)
  evidence,     ///< the teacher has at least min_count of an activity in the period (S3.5)
};
std::string_view to_string(GateKind kind);

struct Gate {
  std::string id;
  std::string label;
  std::string source;
  GateKind kind = GateKind::attendance;
  CategoryMask categories = 0;  ///< the records it judges
  int min_percent = 0;          ///< as written with "min_percent"; 0 when written as a fraction
  /// Attendance: the share of the course's hours attended must reach `attended` (at least), or
  /// exceed it when `strict` (缺课达1/5及以上者不计学分: more than 4/5).
  Fraction attended{0, 1};
  bool strict = false;
  std::vector<std::string> passing;
  std::string activity;
  Hours min_count;  ///< whole counts times 100
  PeriodKind per = PeriodKind::semester;
  SourcePosition position;
};

/// At most `max` hours of some categories are credited per period, whatever rules count them
/// ("online hours count up to 20 a semester").
struct CategoryCap {
  std::string id;
  std::string label;
  CategoryMask categories = 0;
  PeriodKind per = PeriodKind::semester;
  Hours max;
  SourcePosition position;
};

/// The credit bank (学分银行, S2.12): what a record may declare beyond its own category.
struct CreditBank {
  /// 冲抵: a record of `from` may count as `to` instead (never as both).
  struct Offset {
    CategoryIndex from = no_category;
    CategoryIndex to = no_category;
  };
  std::vector<Offset> offsets;
  /// 免修: categories whose courses may be exempted, the record credited without attendance.
  CategoryMask exemptible = 0;
  /// One course split across several categories ("a 15-hour course as 10 + 5").
  bool split = false;
};

}  // namespace yanxiu
