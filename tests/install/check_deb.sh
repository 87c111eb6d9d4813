#!/usr/bin/env bash
# tests/install/check_deb.sh — the Debian package of make deb (cpack -G DEB): its control fields (dependencies
# derived from the binary's shared libraries), its files under /usr, and the packaged gigaline run from the
# unpacked package, away from the source tree. Usage: check_deb.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL $*" >&2; exit 1; }
cpack --config "$build/CPackConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1 || { cat "$out/cpack.log" >&2; fail "cpack"; }
deb=$(find "$out" -maxdepth 1 -name 'gigaline_*.deb' | head -1)
[[ -n $deb ]] || fail "cpack made no gigaline_*.deb in $out"
field() { dpkg-deb -f "$deb" "$1"; }
[[ $(field Package) == gigaline ]] || fail "Package: $(field Package)"
depends=$(field Depends)
for lib in libsimgrid3.32 libsqlite3-0 libstdc++6; do
  [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
files=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/gigaline ./usr/share/man/man1/gigaline.1 ./usr/share/bash-completion/completions/gigaline \
         ./usr/share/gigaline/scenarios/aesc_douai.json; do
  grep -qxF "$f" <<<"$files" || fail "the package lacks $f"
done
root="$out/root"
dpkg-deb -x "$deb" "$root"
unset GIGALINE_CHARTJS
cd "$out"
"$root/usr/bin/gigaline" --version | grep -q '^build ' || fail "the packaged gigaline's --version names no build"
"$root/usr/bin/gigaline" run "$root/usr/share/gigaline/scenarios/bench/tandem4.json" --set /calendar/horizon_days=1 \
  --quiet --out res --report res/report.html >/dev/null
grep -q 'Chart.js v4' res/report.html || fail "the packaged binary's report has no Chart.js"
echo "deb: $(basename "$deb") ok ($(du -k "$deb" | cut -f1) kB; Depends: $depends; $(wc -l <<<"$files") entries)"
