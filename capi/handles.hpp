#pragma once

// Opaque handles, and how a call tells a live handle from NULL, a handle of another type, or a
// handle already freed.
//
// Every handle points to a Shell that the library never returns to the allocator: freeing a
// handle destroys what it holds, marks the shell freed and queues it for reuse behind the last
// `quarantine` shells freed. A second free or a call with a freed handle therefore reads a
// "freed" tag from memory that is still ours (no use-after-free, even under ASan) and returns
// YX_EINVAL. Not detectable: a handle whose shell was reused after many later frees (it then
// names the new handle), and pointers the library never returned.

#include <atomic>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>
#include <variant>

#include "errors.hpp"
#include "state.hpp"
#include "yanxiu.h"

// The C header declares these as incomplete types; a pointer to one is really a Shell.
struct yx_policy;
struct yx_ledger;
struct yx_audit;
struct yx_scores;
struct yx_tiers;
struct yx_policy_set;
struct yx_set_audit;

namespace yanxiu::capi {

enum class Tag : std::uint32_t {
  freed = 0,
  policy = 0x59585031,      // "YXP1"
  ledger = 0x59584c31,      // "YXL1"
  audit = 0x59584131,       // "YXA1"
  scores = 0x59585331,      // "YXS1"
  tiers = 0x59585431,       // "YXT1"
  policy_set = 0x59585631,  // "YXV1": versions
  set_audit = 0x59585531,   // "YXU1"
};

using PolicyState = std::shared_ptr<const PolicyView>;

struct Shell {
  std::atomic<Tag> tag{Tag::freed};
  std::variant<std::monostate, PolicyState, LedgerState, AuditState, ScoresState, TiersState,
               PolicySetState, SetAuditState>
      state;
};

template <typename Handle>
struct HandleTraits;
template <>
struct HandleTraits<yx_policy> {
  using State = PolicyState;
  static constexpr Tag tag = Tag::policy;
};
template <>
struct HandleTraits<yx_ledger> {
  using State = LedgerState;
  static constexpr Tag tag = Tag::ledger;
};
template <>
struct HandleTraits<yx_audit> {
  using State = AuditState;
  static constexpr Tag tag = Tag::audit;
};
template <>
struct HandleTraits<yx_scores> {
  using State = ScoresState;
  static constexpr Tag tag = Tag::scores;
};
template <>
struct HandleTraits<yx_tiers> {
  using State = TiersState;
  static constexpr Tag tag = Tag::tiers;
};
template <>
struct HandleTraits<yx_policy_set> {
  using State = PolicySetState;
  static constexpr Tag tag = Tag::policy_set;
};
template <>
struct HandleTraits<yx_set_audit> {
  using State = SetAuditState;
  static constexpr Tag tag = Tag::set_audit;
};

/// A shell from the pool (a new one while fewer than `quarantine` wait there), and back.
Shell* acquire_shell();
void release_shell(Shell* shell) noexcept;

/// "policy is a yx_ledger, not a yx_policy", "audit was freed", ...
std::string bad_handle_message(const char* argument, Tag expected, Tag found);

/// A new live handle holding State(args...).
template <typename Handle, typename... Args>
Handle* make_handle(Args&&... args) {
  using Traits = HandleTraits<Handle>;
  Shell* shell = acquire_shell();
  try {
    shell->state.template emplace<typename Traits::State>(std::forward<Args>(args)...);
  } catch (...) {
    release_shell(shell);
    throw;
  }
  shell->tag.store(Traits::tag, std::memory_order_release);
  return reinterpret_cast<Handle*>(shell);
}

/// The state of a live handle of type Handle; throws YX_EINVAL for anything else.
template <typename Handle>
auto& state_of(Handle* handle, const char* argument) {
  using Traits = HandleTraits<std::remove_const_t<Handle>>;
  using State = std::conditional_t<std::is_const_v<Handle>, const typename Traits::State,
                                   typename Traits::State>;
  require(handle, argument);
  Shell* shell = reinterpret_cast<Shell*>(const_cast<std::remove_const_t<Handle>*>(handle));
  const Tag found = shell->tag.load(std::memory_order_acquire);
  if (found != Traits::tag)
    fail(YX_EINVAL, bad_handle_message(argument, Traits::tag, found), argument);
  return static_cast<State&>(std::get<typename Traits::State>(shell->state));
}

/// The body of yx_*_free: NULL is fine; the tag is cleared atomically, so of two frees of one
/// handle, even racing, exactly one succeeds.
template <typename Handle>
void free_handle(Handle* handle, const char* argument) {
  if (handle == nullptr) return;
  using Traits = HandleTraits<Handle>;
  Shell* shell = reinterpret_cast<Shell*>(handle);
  Tag found = Traits::tag;
  if (!shell->tag.compare_exchange_strong(found, Tag::freed, std::memory_order_acq_rel)) {
    fail(YX_EINVAL, bad_handle_message(argument, Traits::tag, found), argument);
  }
  shell->state.template emplace<std::monostate>();
  release_shell(shell);
}

}  // namespace yanxiu::capi
