#include "handles.hpp"

#include <array>
#include <deque>
#include <new>
#include <string>

namespace yanxiu::capi {

// The generation is 40 bits of the handle, so handles need 64.
static_assert(sizeof(std::uintptr_t) == 8, "yanxiu's handles need 64-bit pointers");

namespace {

constexpr std::uintptr_t marker = std::uintptr_t{1} << 63;
constexpr unsigned index_bits = 23;  // 8,388,608 handles live at once
constexpr std::uint64_t generation_mask = (std::uint64_t{1} << 40) - 1;
constexpr unsigned chunk_bits = 8;  // slots are allocated 256 at a time
constexpr std::size_t chunk_count = std::size_t{1} << (index_bits - chunk_bits);
constexpr std::size_t lock_count = 64;

/// Freed slots wait here, oldest first, so each slot's generations advance slowly.
constexpr std::size_t quarantine = 64;

class SlotTable {
 public:
  std::uint32_t acquire() {
    const std::lock_guard lock(mutex_);
    if (freed_.size() > quarantine || (next_ == (1u << index_bits) && !freed_.empty())) {
      const std::uint32_t index = freed_.front();
      freed_.pop_front();
      return index;
    }
    if (next_ == (1u << index_bits)) throw std::bad_alloc();  // 8 million handles live
    const std::uint32_t index = next_;
    if ((index & ((1u << chunk_bits) - 1)) == 0) {
      chunks_[index >> chunk_bits].store(new Slot[std::size_t{1} << chunk_bits],
                                         std::memory_order_release);
    }
    ++next_;
    return index;
  }

  void release(std::uint32_t index) noexcept {
    try {
      const std::lock_guard lock(mutex_);
      freed_.push_back(index);
    } catch (...) {
      // No memory to queue it: the slot stays freed, never reused.
    }
  }

  /// The slot of `index`; nullptr when none was ever made.
  Slot* find(std::uint32_t index) const noexcept {
    Slot* chunk = chunks_[index >> chunk_bits].load(std::memory_order_acquire);
    return chunk ? &chunk[index & ((1u << chunk_bits) - 1)] : nullptr;
  }

  std::mutex& lock(std::uint32_t index) noexcept { return locks_[index % lock_count]; }

 private:
  std::mutex mutex_;
  std::deque<std::uint32_t> freed_;
  std::uint32_t next_ = 0;
  std::array<std::atomic<Slot*>, chunk_count> chunks_{};
  std::array<std::mutex, lock_count> locks_;
};

SlotTable& table() {
  // Never destroyed: a host may free handles from its own static destructors.
  static SlotTable* const instance = new SlotTable;
  return *instance;
}

const char* type_name(Tag tag) {
  switch (tag) {
    case Tag::policy:
      return "yx_policy";
    case Tag::ledger:
      return "yx_ledger";
    case Tag::audit:
      return "yx_audit";
    case Tag::scores:
      return "yx_scores";
    case Tag::tiers:
      return "yx_tiers";
    case Tag::policy_set:
      return "yx_policy_set";
    case Tag::set_audit:
      return "yx_set_audit";
    case Tag::freed:
      break;
  }
  return nullptr;
}

}  // namespace

std::uint32_t acquire_slot() {
  return table().acquire();
}

void release_slot(std::uint32_t index) noexcept {
  table().release(index);
}

Slot& slot_at(std::uint32_t index) noexcept {
  return *table().find(index);
}

std::uintptr_t handle_number(std::uint32_t index, std::uint64_t generation) noexcept {
  return marker | static_cast<std::uintptr_t>(generation) << index_bits | index;
}

Named name_of(std::uintptr_t handle) noexcept {
  if ((handle & marker) == 0) return {};
  Named named;
  named.index = static_cast<std::uint32_t>(handle & ((std::uintptr_t{1} << index_bits) - 1));
  named.generation = (handle & ~marker) >> index_bits;
  named.slot = table().find(named.index);
  return named;
}

std::mutex& slot_lock(std::uint32_t index) noexcept {
  return table().lock(index);
}

std::uint64_t freed_stamp(std::uint64_t stamp) noexcept {
  return stamp_of(((stamp >> 8) + 1) & generation_mask, Tag::freed);
}

void fail_freed(Tag expected, const char* argument) {
  fail(YX_EINVAL,
       std::string(argument) + " is not a live " + type_name(expected) + ": it was freed",
       argument);
}

void check_stamp(const Named& named, Tag expected, const char* argument) {
  if (named.slot == nullptr) {
    fail(YX_EINVAL,
         std::string(argument) + " is not a " + type_name(expected) +
             " handle: the library never returned it",
         argument);
  }
  const std::uint64_t stamp = named.slot->stamp.load(std::memory_order_acquire);
  const auto found = static_cast<Tag>(stamp & 0xff);
  if ((stamp >> 8) != named.generation || found == Tag::freed) fail_freed(expected, argument);
  if (found != expected) {
    fail(YX_EINVAL,
         std::string(argument) + " is a " + type_name(found) + ", not a " + type_name(expected),
         argument);
  }
}

}  // namespace yanxiu::capi
