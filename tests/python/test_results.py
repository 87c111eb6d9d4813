#!/usr/bin/env python3
# tests/python/test_results.py — the Python reader python/gigaline_results against fresh outputs of gigaline, and
# every example of docs/python.md run as written.
"""Runs gigaline (run, region run, sweep, forecast) into a temporary folder, reads the results with
gigaline_results and checks them against the output contract of docs/outputs.md and docs/sweeps.md: the months
add up to the totals, a sweep holds a run per point and replication, forecast quantiles are ordered, a changed
or unlisted file is refused. Then runs the `gigaline` commands of docs/python.md and its ```python blocks, in
order, in one namespace. unittest only (Debian's python3 with python3-pandas).
Usage: test_results.py GIGALINE_EXE [unittest options]   (or GIGALINE_EXE in the environment)
"""
import contextlib
import io
import json
import os
import pathlib
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
SOURCE = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(SOURCE / "python"))  # the module of this source tree, whatever PYTHONPATH says

import pandas as pd  # noqa: E402

import gigaline_results as gr  # noqa: E402

EXE = None
WORK = None  # pathlib.Path of the temporary folder, set by setUpModule
_tmp = None

FORECAST_TARGETS = ["gwh_cumulative>=1@2026-12-31", "scrap_rate<=0.05@2026-06-30"]


def gigaline(*args, cwd=None):
    r = subprocess.run([str(EXE), *map(str, args)], cwd=cwd or SOURCE, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"gigaline {' '.join(map(str, args))}: exit {r.returncode}\n{r.stderr[-2000:]}")
    return r


def setUpModule():
    global WORK, _tmp
    _tmp = tempfile.TemporaryDirectory(prefix="gigaline-python-")
    WORK = pathlib.Path(_tmp.name)
    gigaline("run", "scenarios/aesc_douai.json", "--replications", "2", "--out", WORK / "aesc")
    gigaline("run", "tests/data/sweep/base.json", "--replications", "2", "--set", "/calendar/warmup_days=10",
             "--out", WORK / "warmup")
    gigaline("run", "tests/data/region/region.json", "--replications", "2", "--out", WORK / "region")
    gigaline("sweep", "tests/data/sweep/grid.json", "--jobs", "2", "--db", WORK / "grid.sqlite", "--quiet")
    targets = [a for t in FORECAST_TARGETS for a in ("--target", t)]
    gigaline("forecast", "scenarios/aesc_douai.json", "--draws", "4", "--replications", "2", *targets,
             "--what-if", "/workforce/training_rate_per_day=0.03", "--out", WORK / "fc")


def tearDownModule():
    _tmp.cleanup()


def close(a, b, rel=1e-9, abs_=1e-12):
    return abs(a - b) <= rel * max(abs(a), abs(b)) + abs_


class RunTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.run_ = gr.read_run(WORK / "aesc")

    def test_files_as_documented(self):
        r = self.run_
        self.assertEqual(r.scenario, "aesc_douai")
        self.assertEqual(r.replications, 2)
        for key in ("scenario_hash", "seed", "gigaline_version", "build"):
            self.assertIn(key, r.provenance)
        figures = ["cells_started", "cells_good", "cells_scrapped", "scrap_rate", "modules", "gwh", "gwh_cumulative",
                   "vehicles", "oee", "energy_kwh", "kwh_per_kwh"]
        expected = ["month"] + [c for f in figures for c in (f, f + "_ci95")]
        self.assertEqual(list(r.monthly.columns[: len(expected)]), expected)
        for f in ("skill", "local_staff", "experts", "shifts_per_week", "demand_cells", "stock_cells"):
            self.assertIn(f, r.monthly.columns)  # the scenario has workforce, staffing and demand sections
        self.assertEqual(list(r.stations_monthly.columns), ["month"] + list(r.stations.columns))
        self.assertEqual(list(r.lines_monthly.columns[:4]), ["month", "line", "maturity", "maturity_ci95"])
        self.assertEqual(list(r.totals.columns), ["mean", "ci95"])
        self.assertIn("cost_eur_per_kwh", r.totals.index)
        self.assertEqual(list(r.per_replication["replication"]), [0, 1])

    def test_months_are_periods_one_a_month(self):
        for df in (self.run_.monthly, self.run_.stations_monthly, self.run_.lines_monthly):
            self.assertEqual(str(df["month"].dtype), "period[M]")
        m = self.run_.monthly["month"]
        self.assertEqual(str(m.iloc[0]), "2025-03")
        self.assertTrue(((m - m.iloc[0]).apply(lambda d: d.n) == range(len(m))).all(), "consecutive months")
        self.assertEqual(str(self.run_.timeline["date"].dtype), "datetime64[ns]")

    def test_monthly_csv_is_summary_json(self):
        from_json = pd.DataFrame(self.run_.summary["monthly"]).drop(columns="month")
        pd.testing.assert_frame_equal(self.run_.monthly.drop(columns="month"), from_json.astype(float),
                                      check_exact=True)

    def test_months_add_up_to_totals(self):
        # without a warm-up the totals count the whole run, as the months do
        scenario = json.loads((SOURCE / "scenarios/aesc_douai.json").read_text())
        self.assertFalse(scenario["calendar"].get("warmup_days", 0))
        r = self.run_
        for figure in ("cells_started", "cells_good", "cells_scrapped", "modules", "gwh", "vehicles", "energy_kwh"):
            self.assertTrue(close(r.monthly[figure].sum(), r.totals.loc[figure, "mean"]), figure)
        cumulative = r.monthly["gwh"].cumsum()
        self.assertTrue(all(close(a, b) for a, b in zip(cumulative, r.monthly["gwh_cumulative"])))

    def test_totals_are_means_of_replications(self):
        r = self.run_
        for kpi in ("cells_good", "gwh", "scrap_rate", "oee", "cost_eur_per_kwh"):
            self.assertTrue(close(r.per_replication[kpi].mean(), r.totals.loc[kpi, "mean"]), kpi)
        p = r.per_replication
        balance = p["cells_started"] - p["cells_good"] - p["cells_scrapped"] - p["cells_wip_end"]
        self.assertLess(balance.abs().max(), 1e-6 * p["cells_started"].max())
        self.assertLess(p["conservation_error"].abs().max(), 1e-6)

    def test_stations_agree_with_their_months(self):
        r = self.run_
        machines = r.stations[r.stations["machines"] > 0]
        states = machines[["busy", "idle", "starved", "blocked", "down", "off"]].sum(axis=1)
        self.assertLess((states - 1).abs().max(), 1e-9)
        by_month = r.stations_monthly.groupby(["line", "station"], sort=False)[["cells_out", "scrap_found"]].sum()
        whole = r.stations.set_index(["line", "station"])[["cells_out", "scrap_found"]]
        pd.testing.assert_frame_equal(by_month, whole, check_exact=False, rtol=1e-12)
        lines = r.lines_monthly.groupby("month")["cells_good"].sum()
        self.assertTrue((lines.reindex(r.monthly["month"]).values == r.monthly["cells_good"].values).all())

    def test_scrap_by_stage_and_observations(self):
        r = self.run_
        self.assertEqual(r.scrap_by_stage.index.names, ["line", "station"])
        self.assertIn(("L", "formation/aging"), r.scrap_by_stage.index)
        self.assertTrue(close(r.scrap_by_stage["caused_eur"].sum(), r.totals.loc["scrap_material_eur", "mean"]))
        obs = r.observations
        self.assertGreater(len(obs), 0)
        for column in ("id", "metric", "observed", "sigma", "bound", "covered", "simulated", "z"):
            self.assertIn(column, obs.columns)
        self.assertFalse(obs.loc[obs["covered"], "simulated"].isna().any())

    def test_warm_up_counts_in_months_not_in_totals(self):
        r = gr.read_run(WORK / "warmup")
        self.assertGreater(r.monthly["gwh"].sum(), r.totals.loc["gwh", "mean"])
        self.assertTrue(close(r.monthly["gwh"].sum(), r.monthly["gwh_cumulative"].iloc[-1]))


class RefusalTest(unittest.TestCase):
    def copy(self, name):
        tmp = tempfile.mkdtemp(dir=WORK)
        return pathlib.Path(shutil.copytree(WORK / name, pathlib.Path(tmp) / name))

    def test_changed_file(self):
        folder = self.copy("aesc")
        with open(folder / "monthly.csv", "a") as f:
            f.write("\n")
        with self.assertRaisesRegex(ValueError, r"monthly\.csv: differs from what manifest\.json lists"):
            gr.read_run(folder)

    def test_unfinished_folder(self):
        folder = self.copy("aesc")
        (folder / "manifest.json").unlink()
        with self.assertRaisesRegex(ValueError, r"manifest\.json: no such file"):
            gr.read_run(folder)

    def test_unlisted_file(self):
        folder = self.copy("aesc")
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["files"] = [f for f in manifest["files"] if f["name"] != "stations.csv"]
        (folder / "manifest.json").write_text(json.dumps(manifest))
        with self.assertRaisesRegex(ValueError, r"does not list stations\.csv"):
            gr.read_run(folder)

    def test_other_kinds_of_folder(self):
        with self.assertRaisesRegex(ValueError, "use read_forecast"):
            gr.read_run(WORK / "fc")
        with self.assertRaisesRegex(ValueError, "use read_region"):
            gr.read_run(WORK / "region")
        with self.assertRaisesRegex(ValueError, "use read_run"):
            gr.read_forecast(WORK / "aesc")
        with self.assertRaisesRegex(ValueError, "use read_run"):
            gr.read_region(WORK / "aesc")
        with self.assertRaises(FileNotFoundError):
            gr.read_run(WORK / "nowhere")

    def test_region_with_a_plant_of_another_run(self):
        folder = self.copy("region")
        shutil.rmtree(folder / "plant_a")
        shutil.copytree(folder / "plant_b", folder / "plant_a")  # complete in itself, but not plant_a's run
        with self.assertRaisesRegex(ValueError, r"plant_a/summary\.json: .*not the region's run"):
            gr.read_region(folder)

    def test_fnv1a64(self):
        self.assertEqual(gr.fnv1a64(b""), "cbf29ce484222325")
        self.assertEqual(gr.fnv1a64(b"a"), "af63dc4c8601ec8c")


class RegionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.region = gr.read_region(WORK / "region")

    def test_plants_add_up_to_the_region(self):
        rg = self.region
        self.assertEqual(list(rg.runs), ["plant_a", "plant_b"])
        self.assertEqual(list(rg.plants["name"]), ["plant_a", "plant_b"])
        monthly = rg.monthly.set_index("month")
        self.assertEqual(str(monthly.index.dtype), "period[M]")
        by_column = monthly["gwh_plant_a"] + monthly["gwh_plant_b"]
        by_runs = sum(run.monthly.set_index("month")["gwh"].reindex(monthly.index, fill_value=0.0)
                      for run in rg.runs.values())
        for total, a, b in zip(monthly["gwh"], by_column, by_runs):
            self.assertTrue(close(total, a) and close(total, b))
        by_year = monthly["gwh"].groupby(monthly.index.year).sum()
        for _, year in rg.annual.iterrows():
            self.assertTrue(close(year["gwh"], by_year[year["year"]]), year["year"])
        self.assertEqual(str(rg.plants["start_date"].dtype), "datetime64[ns]")


class SweepTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = WORK / "grid.sqlite"
        cls.db_bytes = cls.db.read_bytes()
        cls.sweep = gr.read_sweep(cls.db)

    def test_a_run_per_point_and_replication(self):
        s = self.sweep
        self.assertEqual((s.name, s.design, s.factors, s.replications),
                         ("grid_test", "grid", ["tau_days", "machines_a"], 3))
        self.assertEqual(list(s.points.columns), ["point", "tau_days", "machines_a"])
        self.assertEqual(len(s.points), 6)
        self.assertEqual(len(s.runs), len(s.points) * s.replications)
        self.assertTrue(s.complete)
        self.assertTrue((s.runs["status"] == "ok").all())
        self.assertEqual(list(zip(s.runs["point"], s.runs["replication"])),
                         [(p, r) for p in range(6) for r in range(3)])
        for kpi in s.kpis:
            self.assertIn(kpi, s.runs.columns)
        self.assertEqual(len(s.timing), len(s.runs))
        merged = s.runs.merge(s.points, on="point", suffixes=("", "_point"))
        self.assertTrue((merged["tau_days"] == merged["tau_days_point"]).all())
        table = s.runs.pivot_table(index="tau_days", columns="machines_a", values="cells_good", aggfunc="mean")
        self.assertEqual(table.shape, (3, 2))
        self.assertFalse(table.isna().any().any())

    def test_months_add_up_to_each_run(self):
        s = self.sweep
        self.assertEqual(str(s.monthly["month"].dtype), "period[M]")
        self.assertEqual(len(s.monthly), len(s.runs) * 2)  # 40 days from 2025-01-01: January and February
        sums = s.monthly.groupby(["point", "replication"])[["gwh", "cells_good"]].sum()
        runs = s.runs.set_index(["point", "replication"])
        for figure in ("gwh", "cells_good"):
            for key, value in sums[figure].items():
                self.assertTrue(close(value, runs.loc[key, figure]), (figure, key))

    def test_stages_month_by_month(self):
        s = self.sweep
        self.assertEqual(str(s.stage_monthly["month"].dtype), "period[M]")
        stages = s.stage_monthly["stage"].nunique()
        self.assertEqual(len(s.stage_monthly), len(s.monthly) * stages)  # a row per run, month and stage
        # one bottleneck a month, the stage with the highest busy share of scheduled time
        per_month = s.stage_monthly.groupby(["point", "replication", "month"])
        self.assertTrue((per_month["bottleneck"].sum() == 1).all())
        top = s.stage_monthly.loc[per_month["busy_share"].idxmax()]
        self.assertTrue((top["bottleneck"] == 1).all())

    def test_read_only_and_leaves_nothing(self):
        self.assertEqual(self.db.read_bytes(), self.db_bytes)
        for suffix in ("-wal", "-shm"):
            self.assertFalse(self.db.with_name(self.db.name + suffix).exists(), suffix)

    def test_reads_a_database_being_written(self):
        copy = WORK / "writing.sqlite"
        shutil.copyfile(self.db, copy)
        writer = sqlite3.connect(copy, isolation_level=None)
        try:
            writer.execute("PRAGMA journal_mode=WAL")
            writer.execute("BEGIN")
            writer.execute("DELETE FROM runs WHERE point = 5")  # not committed: a reader does not see it
            self.assertTrue(copy.with_name(copy.name + "-wal").exists())
            s = gr.read_sweep(copy)
            self.assertEqual(len(s.runs), 18)
            writer.execute("COMMIT")
            s = gr.read_sweep(copy)
            self.assertEqual(len(s.runs), 15)
            self.assertFalse(s.complete)
        finally:
            writer.close()

    def test_not_a_sweep(self):
        other = WORK / "other.sqlite"
        sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
        with self.assertRaisesRegex(ValueError, "not a database of gigaline sweep"):
            gr.read_sweep(other)
        with self.assertRaisesRegex(ValueError, "not a database of gigaline sweep"):
            gr.read_sweep(WORK / "aesc" / "summary.json")
        with self.assertRaises(FileNotFoundError):
            gr.read_sweep(WORK / "none.sqlite")


class ForecastTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fc = gr.read_forecast(WORK / "fc")

    def test_columns_and_months(self):
        fc = self.fc
        self.assertEqual(list(fc.monthly["month"].astype(str)), fc.data["months"])
        self.assertEqual(str(fc.monthly["month"].dtype), "period[M]")
        expected = ["month", "nameplate_gwh"] + [f"{prefix}{f}_{s}" for prefix in ("", "what_if_", "difference_")
                                                 for f in gr.FIGURES for s in gr.STATISTICS]
        self.assertEqual(list(fc.monthly.columns), expected)
        self.assertEqual(fc.what_if, ["/workforce/training_rate_per_day=0.03"])
        self.assertEqual(fc.parameter_draws.shape, (4, len(fc.data["parameters"])))

    def test_quantiles_ordered(self):
        for of in ("base", "what_if", "difference"):
            for figure in gr.FIGURES:
                q = self.fc.quantiles(figure, of).dropna()
                self.assertGreater(len(q), 0)
                for lo, hi in (("p5", "p10"), ("p10", "p50"), ("p50", "p90"), ("p90", "p95")):
                    self.assertTrue((q[lo] <= q[hi] + 1e-12 * q[hi].abs()).all(), (of, figure, lo, hi))

    def test_csv_is_forecast_json(self):
        fc = self.fc  # the CSV holds 10 significant digits of forecast.json's numbers
        for figure in gr.FIGURES:
            q = fc.quantiles(figure)
            for s in gr.STATISTICS:
                for a, b in zip(q[s], fc.data["monthly"][figure][s]):
                    self.assertTrue((b is None and pd.isna(a)) or close(a, b, rel=1e-9, abs_=1e-300), (figure, s))
        gwh = fc.quantiles("gwh")
        cumulative = fc.quantiles("gwh_cumulative")
        self.assertTrue(all(close(a, b, rel=1e-8) for a, b in zip(gwh["mean"].cumsum(), cumulative["mean"])))
        share = fc.quantiles("nameplate_share")  # the nameplate is the same in every run: quantiles scale with it
        nameplate = fc.monthly.set_index("month")["nameplate_gwh"]
        for month in nameplate.index[nameplate > 0]:
            self.assertTrue(close(share.loc[month, "p50"], gwh.loc[month, "p50"] / nameplate[month], rel=1e-8))

    def test_milestones_and_targets(self):
        ms = self.fc.milestones
        self.assertEqual(list(ms.columns), ["name", "reached", "p10", "p50", "p90"])
        self.assertIn("gwh_cumulative_1", list(ms["name"]))
        for c in ("p10", "p50", "p90"):
            self.assertEqual(str(ms[c].dtype), "datetime64[ns]")
        self.assertTrue(ms["reached"].between(0, 1).all())
        dated = ms.dropna(subset=["p10", "p50", "p90"])
        self.assertTrue(((dated["p10"] <= dated["p50"]) & (dated["p50"] <= dated["p90"])).all())
        self.assertEqual(len(self.fc.what_if_milestones), len(ms))
        t = self.fc.targets
        self.assertEqual(list(t["target"]), FORECAST_TARGETS)
        self.assertTrue(t["probability"].between(0, 1).all() and t["what_if_probability"].between(0, 1).all())

    def test_bad_questions(self):
        with self.assertRaisesRegex(ValueError, "figure 'oee'"):
            self.fc.quantiles("oee")
        with self.assertRaisesRegex(ValueError, "of='alternative'"):
            self.fc.quantiles("gwh", "alternative")


class DocsTest(unittest.TestCase):
    """docs/python.md as a reader follows it: its gigaline commands, then its Python examples."""

    def test_examples_run(self):
        doc = SOURCE / "docs" / "python.md"
        lines = doc.read_text().splitlines()
        where = WORK / "docs"
        where.mkdir()
        for d in ("scenarios", "tests"):  # the commands' inputs, relative to the source tree
            (where / d).symlink_to(SOURCE / d)
        commands, blocks, block, start, fence = [], [], None, 0, None
        for number, line in enumerate(lines, 1):
            if line.startswith("```"):
                if fence is None:
                    fence, start, block = line.strip(), number, []
                else:
                    if fence == "```python":
                        blocks.append((start + 1, "\n".join(block)))
                    fence = None
                continue
            if fence == "```console" and line.startswith("$ "):
                commands.append((number, shlex.split(line[2:], comments=True)))
            elif fence == "```python":
                block.append(line)
        self.assertGreaterEqual(len(blocks), 4)
        for number, argv in commands:
            self.assertEqual(argv[0], "gigaline", f"docs/python.md:{number}: only gigaline commands run here")
            gigaline(*argv[1:], cwd=where)
        namespace = {"__name__": "__docs__"}
        previous = os.getcwd()
        os.chdir(where)
        try:
            for first, code in blocks:
                # padded so that a traceback gives the line of docs/python.md
                compiled = compile("\n" * (first - 1) + code, str(doc), "exec")
                with contextlib.redirect_stdout(io.StringIO()) as out:
                    exec(compiled, namespace)
                self.assertTrue(out.getvalue(), f"docs/python.md:{first}: the example prints nothing")
        finally:
            os.chdir(previous)


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        EXE = pathlib.Path(sys.argv.pop(1)).resolve()
    elif os.environ.get("GIGALINE_EXE"):
        EXE = pathlib.Path(os.environ["GIGALINE_EXE"]).resolve()
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    unittest.main()
