#include "handles.hpp"

#include <deque>
#include <mutex>

namespace yanxiu::capi {

namespace {

/// Freed shells wait here, oldest first, so a freed handle stays detectably freed until this
/// many others have been freed after it.
constexpr std::size_t quarantine = 64;

class ShellPool {
 public:
  Shell* acquire() {
    {
      const std::lock_guard lock(mutex_);
      if (freed_.size() > quarantine) {
        Shell* shell = freed_.front();
        freed_.pop_front();
        return shell;
      }
    }
    return new Shell;
  }

  void release(Shell* shell) noexcept {
    try {
      const std::lock_guard lock(mutex_);
      freed_.push_back(shell);
    } catch (...) {
      // No memory to queue it: the shell stays allocated and marked freed, never reused.
    }
  }

 private:
  std::mutex mutex_;
  std::deque<Shell*> freed_;
};

ShellPool& pool() {
  // Never destroyed: a host may free handles from its own static destructors.
  static ShellPool* const instance = new ShellPool;
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

Shell* acquire_shell() {
  return pool().acquire();
}

void release_shell(Shell* shell) noexcept {
  pool().release(shell);
}

std::string bad_handle_message(const char* argument, Tag expected, Tag found) {
  const std::string name = argument;
  if (found == Tag::freed) {
    return name + " is not a live " + type_name(expected) + ": it was freed";
  }
  if (const char* other = type_name(found)) {
    return name + " is a " + other + ", not a " + type_name(expected);
  }
  return name + " is not a " + std::string(type_name(expected)) + " handle";
}

}  // namespace yanxiu::capi
