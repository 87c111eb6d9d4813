#!/usr/bin/env python3
"""The HTML reports in a real browser: headless Chromium through Selenium loads a run's report and a sweep's.

Writes the report of a short run of scenarios/aesc_douai.json (and again from its results folder: the two pages
must be byte-identical), the report of a small sweep (tests/data/sweep/grid.json) and the page of a short
forecast (its milestones and targets read back from the page's data), and the page of the Battery Valley
region (each plant's milestones checked against its monthly.csv), opens each from a file://
URL, and fails on any SEVERE browser console entry (a JavaScript error, a failed load), on a page that did not
finish drawing, or on a canvas without a single painted pixel. Screenshots of both pages are kept as test
artefacts. Needs chromium, chromium-driver and python3-selenium (scripts/install-deps.sh --test).
Usage: check_report_browser.py SOURCE_DIR GIGALINE_EXE ARTIFACT_DIR
"""
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

src = pathlib.Path(sys.argv[1]).resolve()
exe = pathlib.Path(sys.argv[2]).resolve()
artifacts = pathlib.Path(sys.argv[3]).resolve()

missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not pathlib.Path(p).exists()]
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
except ImportError:
    missing.append("python3-selenium")
if missing:
    print(f"report.browser: missing {', '.join(missing)}: run scripts/install-deps.sh --test", file=sys.stderr)
    sys.exit(1)


def gigaline(*args):
    cmd = [str(exe), *map(str, args)]
    started = time.monotonic()
    r = subprocess.run(cmd, cwd=src, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        print(f"FAIL: {' '.join(cmd)}\nexit {r.returncode}\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
        sys.exit(1)
    print(f"ran  {' '.join(cmd[1:])} ({time.monotonic() - started:.2f} s)")
    return r.stdout


work = pathlib.Path(tempfile.mkdtemp(prefix="gigaline-report-"))
artifacts.mkdir(parents=True, exist_ok=True)
failures = []
try:
    run_dir = work / "aesc"
    out = gigaline("run", "scenarios/aesc_douai.json", "--set", "/calendar/horizon_days=400", "--replications", "2",
                   "--out", run_dir, "--report", run_dir / "report.html")
    if f"report: {run_dir / 'report.html'}" not in out:
        failures.append("gigaline run --report did not print 'report: <path>'")
    gigaline("report", run_dir, "--out", work / "from_files.html")
    if (run_dir / "report.html").read_bytes() != (work / "from_files.html").read_bytes():
        failures.append("the report of gigaline run --report differs from gigaline report DIR of the same results")
    gigaline("sweep", "tests/data/sweep/grid.json", "--db", work / "grid.sqlite", "--jobs", "2", "--quiet")
    gigaline("sweep", "report", work / "grid.sqlite", "--out", work / "sweep.html")
    gigaline("run", "scenarios/battery_valley.json", "--replications", "2", "--out", work / "bv", "--report",
             work / "region.html")
    gigaline("forecast", "scenarios/battery_valley.json", "--draws", "4", "--replications", "1", "--out", work / "bvfc",
             "--report", work / "region_forecast.html")
    # a one-at-a-time design (tornado of the differences from the base) and a sobol design (sensitivity bars)
    gigaline("sweep", "scenarios/sweeps/aesc_what_if.json", "--db", work / "what_if.sqlite", "--jobs", "2", "--quiet")
    gigaline("sweep", "report", work / "what_if.sqlite", "--out", work / "what_if.html")
    gigaline("sweep", "tests/data/sweep/sobol.json", "--db", work / "sobol.sqlite", "--jobs", "2", "--quiet")
    gigaline("sweep", "report", work / "sobol.sqlite", "--out", work / "sobol.html")
    gigaline("forecast", "scenarios/aesc_douai.json", "--set", "/calendar/horizon_days=400", "--draws", "8",
             "--replications", "1", "--target", "gwh_cumulative>=0.1@2025-12-31", "--what-if",
             "/workforce/training_rate_per_day=0.03", "--out", work / "fc", "--report", work / "forecast.html")

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--hide-scrollbars"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        for page, shot in ((run_dir / "report.html", "report.png"), (work / "sweep.html", "sweep_report.png"),
                           (work / "what_if.html", "sweep_what_if.png"), (work / "sobol.html", "sweep_sobol.png"),
                           (work / "forecast.html", "forecast_report.png"), (work / "region.html", "region_report.png"),
                           (work / "region_forecast.html", "region_forecast_report.png")):
            driver.get(page.as_uri())
            deadline = time.monotonic() + 20
            state = None
            while time.monotonic() < deadline:
                state = driver.execute_script("return window.gigalineReport || null")
                if state and state.get("ready"):
                    break
                time.sleep(0.1)
            logs = driver.get_log("browser")
            for entry in logs:
                print(f"  console {entry['level']}: {entry['message']}")
            severe = [e for e in logs if e["level"] == "SEVERE"]
            if severe:
                failures.append(f"{page.name}: {len(severe)} SEVERE console entr(y/ies): {severe[0]['message']}")
            if not (state and state.get("ready")):
                failures.append(f"{page.name}: the page script did not finish (window.gigalineReport.ready unset)")
            # the sweep page redraws its charts for each KPI of its picker
            picked = driver.execute_script("""
                const picker = document.getElementById('kpi');
                if (!picker) return 0;
                for (const o of picker.options) {
                  picker.value = o.value;
                  picker.dispatchEvent(new Event('change'));
                }
                picker.selectedIndex = 0;
                picker.dispatchEvent(new Event('change'));
                return picker.options.length;""")
            if picked:
                severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
                if severe:
                    failures.append(f"{page.name}: SEVERE console entry after picking KPIs: {severe[0]['message']}")
                print(f"page {page.name}: redrew its charts for each of {picked} KPIs")
            # the sweep page's curves: each figure, and each point picked beside the base, best and worst
            curves = driver.execute_script("""
                const figure = document.getElementById('curve-figure'), point = document.getElementById('curve-point');
                if (!figure || !point) return 0;
                for (const o of figure.options) {
                  figure.value = o.value;
                  figure.dispatchEvent(new Event('change'));
                }
                for (const o of point.options) {
                  point.value = o.value;
                  point.dispatchEvent(new Event('change'));
                }
                figure.selectedIndex = 0;
                figure.dispatchEvent(new Event('change'));
                return figure.options.length + point.options.length;""")
            if curves:
                severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
                if severe:
                    failures.append(f"{page.name}: SEVERE console entry after picking curves: {severe[0]['message']}")
                print(f"page {page.name}: redrew its curves for {curves} figure and point choices")
            elif page.name.startswith("sweep") or page.name in ("what_if.html", "sobol.html"):
                failures.append(f"{page.name}: no curves section (#curve-figure, #curve-point)")
            # every canvas: how many of its pixels are painted (alpha > 0)
            painted = driver.execute_script("""
                return Array.from(document.querySelectorAll('canvas')).map((c) => {
                  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  let n = 0;
                  for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
                  return {id: c.id, width: c.width, height: c.height, painted: n};
                });""")
            if not painted:
                failures.append(f"{page.name}: no canvas")
            for c in painted:
                if c["painted"] == 0 or c["width"] == 0 or c["height"] == 0:
                    failures.append(f"{page.name}: canvas {c['id']} ({c['width']}x{c['height']}) is blank")
            # the forecast page's milestones and targets are its data's: read them back from the page
            if page.name == "forecast.html":
                data = driver.execute_script("return JSON.parse(document.getElementById('report-data').textContent)")
                written = __import__("json").loads((work / "fc" / "forecast.json").read_text())
                if data["milestones"] != written["milestones"] or data["targets"] != written["targets"]:
                    failures.append("forecast.html: milestones or targets differ from forecast.json")
                rows = driver.execute_script(
                    "return Array.from(document.querySelectorAll('#summary table tr')).length")
                if rows < len(written["milestones"]) + 2:
                    failures.append(f"forecast.html: {rows} summary table rows for {len(written['milestones'])} milestones")
            # the region page's milestones: each plant's first month at 50/80/100 % of nameplate, read back from the
            # page's data and checked against the plant's own monthly.csv (mean GWh) and the nameplate in its data
            if page.name == "region.html":
                data = driver.execute_script("return JSON.parse(document.getElementById('report-data').textContent)")
                for plant, ms in zip(data["plants"], data["milestones"]):
                    rows = __import__("csv").DictReader(open(work / "bv" / plant["name"] / "monthly.csv"))
                    gwh = {r["month"]: float(r["gwh"]) for r in rows}
                    for level in (50, 80, 100):
                        first = next((m for m, cap in zip(data["months"], plant["nameplate_gwh"])
                                      if cap > 0 and m in gwh and gwh[m] >= level / 100 * cap), None)
                        if ms[f"nameplate_{level}"] != first:
                            failures.append(f"region.html: {plant['name']} {level} %: page {ms[f'nameplate_{level}']}, "
                                            f"monthly.csv {first}")
                table = driver.execute_script(
                    "return Array.from(document.querySelectorAll('#summary table')[0].rows).map((r) => r.cells[3].innerText)")
                if table[1:] != [ms["nameplate_50"] or "not within the run" for ms in data["milestones"]]:
                    failures.append(f"region.html: the milestone table says {table[1:]}")
            # no table is cut off: each ends within the page's width (a wide table scrolls inside its box)
            # the ranking table of a sweep fits the page: no column hidden behind a scroll bar
            cut = driver.execute_script("""
                return Array.from(document.querySelectorAll('#ranking table')).filter((t) =>
                  t.getBoundingClientRect().right > t.parentElement.getBoundingClientRect().right + 1).length;""")
            if cut:
                failures.append(f"{page.name}: the ranking table is wider than the page")
            # the tornado's bars are the page data's differences from the base
            if page.name == "what_if.html":
                bars = driver.execute_script("""
                    const c = Chart.getChart('chart-tornado');
                    return c ? {labels: c.data.labels, data: c.data.datasets[0].data} : null;""")
                data = driver.execute_script("return JSON.parse(document.getElementById('report-data').textContent)")
                ki = int(driver.execute_script("return document.getElementById('kpi').value"))
                expected = data["analysis"]["vs_base"]["tornado"][ki]
                scale = data["kpis"][ki]["scale"]
                if not bars or bars["labels"] != [b["factor"] for b in expected] or any(
                        abs(d[1] - b["levels"][0]["mean"] * scale) > 1e-9 * max(1, abs(d[1]))
                        for d, b in zip(bars["data"], expected)):
                    failures.append(f"what_if.html: tornado bars {bars} differ from the page data {expected}")
                else:
                    print("page what_if.html: tornado " + ", ".join(
                        f"{b['factor']} {d[1]:+.4f}" for d, b in zip(bars["data"], expected)))
            charts = state.get("charts") if state else None
            if charts != len(painted):
                failures.append(f"{page.name}: {charts} chart(s) drawn for {len(painted)} canvas(es)")
            print(f"page {page.name}: {len(painted)} canvas(es), "
                  f"{sum(1 for c in painted if c['painted'] > 0)} painted, {page.stat().st_size / 1024:.0f} KB")
            # the whole page in one picture: a window as tall as the page
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(1280, int(height))
            time.sleep(0.5)
            png = driver.get_screenshot_as_png()
            driver.set_window_size(1280, 900)
            (artifacts / shot).write_bytes(png)
            shutil.copyfile(page, artifacts / shot.replace(".png", ".html"))
            print(f"screenshot: {artifacts / shot}")
    finally:
        driver.quit()
finally:
    shutil.rmtree(work, ignore_errors=True)

for f in failures:
    print(f"FAIL {f}")
print("report.browser: " + ("ok" if not failures else f"{len(failures)} failure(s)"))
sys.exit(1 if failures else 0)
