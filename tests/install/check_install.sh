#!/usr/bin/env bash
# tests/install/check_install.sh — cmake --install into a scratch prefix, then use the installed gigaline as a user
# would, away from the source tree: on PATH, --version, a run with its HTML report (Chart.js built in), the
# example scenarios, the man page and the bash completion. Usage: check_install.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
prefix=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$prefix" "$work"' EXIT
fail() { echo "FAIL $*" >&2; exit 1; }
cmake --install "$build" --prefix "$prefix" >/dev/null
export PATH="$prefix/bin:$PATH"
unset GIGALINE_CHARTJS
[[ $(command -v gigaline) == "$prefix/bin/gigaline" ]] || fail "gigaline is not on PATH from the prefix"
gigaline --version | grep -q '^build ' || fail "--version names no build"
examples="$prefix/share/gigaline/scenarios"
[[ -f $examples/aesc_douai.json && -f $examples/battery_valley.json ]] || fail "no example scenarios in $examples"
cd "$work"
gigaline run "$examples/bench/tandem4.json" --set /calendar/horizon_days=1 --out res --report res/report.html >/dev/null
grep -q 'new Chart' res/report.html || fail "the installed binary's report has no chart"
grep -q 'Chart.js v4' res/report.html || fail "the installed binary's report has no Chart.js"
man="$prefix/share/man/man1/gigaline.1"
[[ -f $man ]] || fail "no man page at $man"
grep -q '^\.TH GIGALINE' "$man" || fail "$man is not a man page"
grep -q 'Exit codes' "$man" || fail "$man lacks the exit codes of gigaline --help"
completion="$prefix/share/bash-completion/completions/gigaline"
[[ -f $completion ]] || fail "no bash completion at $completion"
complete_words() { # the completions of a command line, the last word being completed
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _gigaline; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$completion" "$@"
}
[[ $(complete_words gigaline ru) == run ]] || fail "completion of 'gigaline ru': $(complete_words gigaline ru)"
opts=$(complete_words gigaline run --rep | tr '\n' ' ')
[[ $opts == "--replications --report " ]] || fail "completion of 'gigaline run --rep': $opts"
[[ $(complete_words gigaline sweep me) == merge ]] || fail "completion of 'gigaline sweep me'"
[[ $(complete_words gigaline sweep merge --all) == --allow-other-build ]] || fail "completion of sweep merge --all"
echo "install: $prefix ok (binary on PATH, report with Chart.js, $(ls "$examples" | wc -l) example entries, man page, completion)"
