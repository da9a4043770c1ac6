// A lower layer reaching up: the layering check must report this line.

#include "engine/evaluator.hpp"
