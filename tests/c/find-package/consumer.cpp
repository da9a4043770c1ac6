#include <iostream>

#include <yanxiu/yanxiu.hpp>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const yanxiu::Policy policy = yanxiu::load_policy(argv[1]);
  std::cout << "C++: " << policy.id() << " with " << policy.rules().size() << " rules\n";
}
