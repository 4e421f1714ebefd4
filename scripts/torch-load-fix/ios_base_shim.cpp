// GCC 13 moved iostream init into libstdc++ and emits a reference to this symbol; GCC 12's libstdc++
// lacks it, so provide it and construct the standard streams the old way.
#include <ios>
namespace { std::ios_base::Init s_init; }
namespace std { void ios_base_library_init() {} }
