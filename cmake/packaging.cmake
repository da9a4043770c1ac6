# Install rules and the CMake and pkg-config packages:
#   find_package(yanxiu) gives yanxiu::c (the C ABI, libyanxiu.so.1) and, when Boost is found,
#   yanxiu::yanxiu (the static C++ library with its headers); `pkg-config yanxiu` gives the C ABI.

include(CMakePackageConfigHelpers)

set(YANXIU_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/yanxiu")

# The C++ archive would be libyanxiu.a beside libyanxiu.so, the C ABI; a different name keeps
# `-lyanxiu` unambiguous, even in a static link.
set_target_properties(yanxiu PROPERTIES OUTPUT_NAME yanxiu-cpp)

install(TARGETS yanxiu_c EXPORT yanxiu-c-targets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_COMPONENT Development
  PUBLIC_HEADER DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT yanxiu-c-targets NAMESPACE yanxiu:: DESTINATION ${YANXIU_CMAKE_DIR})

install(TARGETS yanxiu EXPORT yanxiu-cpp-targets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/yanxiu DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT yanxiu-cpp-targets NAMESPACE yanxiu:: DESTINATION ${YANXIU_CMAKE_DIR})

install(TARGETS yanxiu_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

configure_package_config_file(cmake/yanxiu-config.cmake.in
  "${PROJECT_BINARY_DIR}/yanxiu-config.cmake" INSTALL_DESTINATION ${YANXIU_CMAKE_DIR})
write_basic_package_version_file("${PROJECT_BINARY_DIR}/yanxiu-config-version.cmake"
  COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/yanxiu-config.cmake"
              "${PROJECT_BINARY_DIR}/yanxiu-config-version.cmake"
        DESTINATION ${YANXIU_CMAKE_DIR})

# yanxiu.pc finds the prefix from its own place, so it is right wherever the tree is installed
# (cmake --install --prefix, DESTDIR, a relocated package).
file(RELATIVE_PATH YANXIU_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" YANXIU_PC_TO_PREFIX "${YANXIU_PC_TO_PREFIX}")
configure_file(cmake/yanxiu.pc.in "${PROJECT_BINARY_DIR}/yanxiu.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/yanxiu.pc" DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
