#pragma once

// Opaque handles, and how a call tells a live handle from NULL, a handle of another type, or a
// handle already freed, whatever happened since.
//
// A handle is not an address: it is a number naming a slot of the library's handle table and
// the slot's generation when the handle was made. Freeing a handle destroys what its slot
// holds and moves the slot to its next generation, so a stale handle (freed once, or twice)
// never names a live handle again, even when its slot holds a newer one: a call with it reads
// a generation that differs and returns YX_EINVAL. Its bit 63 is set, so a handle is never an
// address a process can use (no host garbage collector takes it for one of its objects), and a
// pointer the library never returned is recognised too. Slots are never given back to the
// allocator; generations have 40 bits and slots are reused oldest-freed first, so a slot takes
// years of continuous calls to wrap.
//
// A policy is shared by threads, and may be freed by one while others are inside calls with
// it: a call copies the policy's reference under the slot's lock, so yx_policy_free releases
// the caller's reference only and the last call in flight frees the policy.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>
#include <variant>

#include "errors.hpp"
#include "state.hpp"
#include "yanxiu.h"

// The C header declares these as incomplete types; a pointer to one is really a handle number.
struct yx_policy;
struct yx_ledger;
struct yx_audit;
struct yx_scores;
struct yx_tiers;
struct yx_policy_set;
struct yx_set_audit;

namespace yanxiu::capi {

enum class Tag : std::uint8_t {
  freed = 0,
  policy,
  ledger,
  audit,
  scores,
  tiers,
  policy_set,  // versions
  set_audit,
};

using PolicyState = std::shared_ptr<const PolicyView>;

struct Slot {
  /// generation << 8 | tag. The generation counts the slot's frees.
  std::atomic<std::uint64_t> stamp{0};
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

/// A handle's number taken apart: its slot (nullptr when it names none) and generation.
struct Named {
  Slot* slot = nullptr;
  std::uint64_t generation = 0;
  std::uint32_t index = 0;
};

/// A free slot (a new one while fewer than a quarantine's worth wait to be reused), and back.
/// The slot's stamp says its generation, tagged freed.
std::uint32_t acquire_slot();
void release_slot(std::uint32_t index) noexcept;
Slot& slot_at(std::uint32_t index) noexcept;

/// The handle of a slot's current generation, and back.
std::uintptr_t handle_number(std::uint32_t index, std::uint64_t generation) noexcept;
Named name_of(std::uintptr_t handle) noexcept;

/// The lock a policy's slot is read and freed under (a few slots share one).
std::mutex& slot_lock(std::uint32_t index) noexcept;

/// The stamp a slot moves to when the handle of `stamp` is freed: next generation, freed.
std::uint64_t freed_stamp(std::uint64_t stamp) noexcept;

/// Throws YX_EINVAL with "policy is a yx_ledger, not a yx_policy", "audit ... was freed", ...
/// unless the slot holds the live handle of `named`'s generation, of type `expected`.
void check_stamp(const Named& named, Tag expected, const char* argument);
[[noreturn]] void fail_freed(Tag expected, const char* argument);

inline std::uint64_t stamp_of(std::uint64_t generation, Tag tag) {
  return generation << 8 | static_cast<std::uint64_t>(tag);
}

/// A new live handle holding State(args...).
template <typename Handle, typename... Args>
Handle* make_handle(Args&&... args) {
  using Traits = HandleTraits<Handle>;
  const std::uint32_t index = acquire_slot();
  Slot& slot = slot_at(index);
  const std::uint64_t generation = slot.stamp.load(std::memory_order_relaxed) >> 8;
  try {
    slot.state.template emplace<typename Traits::State>(std::forward<Args>(args)...);
  } catch (...) {
    slot.state.template emplace<std::monostate>();
    release_slot(index);
    throw;
  }
  slot.stamp.store(stamp_of(generation, Traits::tag), std::memory_order_release);
  return reinterpret_cast<Handle*>(handle_number(index, generation));
}

/// The state of a live handle of type Handle; throws YX_EINVAL for anything else. For a policy,
/// a reference of the caller's own (the policy lives until it is dropped, even if freed
/// meanwhile); for the others, the state itself, which one thread at a time uses.
template <typename Handle>
decltype(auto) state_of(Handle* handle, const char* argument) {
  using Traits = HandleTraits<std::remove_const_t<Handle>>;
  using State = std::conditional_t<std::is_const_v<Handle>, const typename Traits::State,
                                   typename Traits::State>;
  require(handle, argument);
  const Named named = name_of(reinterpret_cast<std::uintptr_t>(handle));
  if constexpr (Traits::tag == Tag::policy) {
    const std::lock_guard lock(slot_lock(named.index));
    check_stamp(named, Traits::tag, argument);
    return PolicyState(std::get<PolicyState>(named.slot->state));
  } else {
    check_stamp(named, Traits::tag, argument);
    return static_cast<State&>(std::get<typename Traits::State>(named.slot->state));
  }
}

/// The body of yx_*_free: NULL is fine; the stamp moves to the next generation atomically, so
/// of two frees of one handle, even racing, exactly one succeeds. A policy's reference is
/// dropped outside the lock: calls in flight hold theirs.
template <typename Handle>
void free_handle(Handle* handle, const char* argument) {
  if (handle == nullptr) return;
  using Traits = HandleTraits<Handle>;
  const Named named = name_of(reinterpret_cast<std::uintptr_t>(handle));
  const auto retire = [&] {
    check_stamp(named, Traits::tag, argument);
    std::uint64_t live = stamp_of(named.generation, Traits::tag);
    if (!named.slot->stamp.compare_exchange_strong(live, freed_stamp(live),
                                                   std::memory_order_acq_rel)) {
      fail_freed(Traits::tag, argument);  // another free won the race
    }
  };
  if constexpr (Traits::tag == Tag::policy) {
    PolicyState dropped;
    {
      const std::lock_guard lock(slot_lock(named.index));
      retire();
      dropped = std::move(std::get<PolicyState>(named.slot->state));
      named.slot->state.template emplace<std::monostate>();
    }
    release_slot(named.index);
  } else {
    retire();
    named.slot->state.template emplace<std::monostate>();
    release_slot(named.index);
  }
}

}  // namespace yanxiu::capi
