#pragma once

// A host header that brings an adapter header: the check must refuse it.
#include <yanxiu/sys/fields.hpp>
