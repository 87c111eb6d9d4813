# cmake/Dependencies.cmake — finds every dependency as a CMake target, from Debian 12 packages only.
# scripts/install-deps.sh installs them; nothing is downloaded at build time.
find_package(PkgConfig REQUIRED)
# Debian ships neither SimGridConfig.cmake nor FindSimGrid.cmake, only simgrid.pc.
pkg_check_modules(SimGrid REQUIRED IMPORTED_TARGET simgrid>=3.32)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(CLI11 2.1 REQUIRED CONFIG)
