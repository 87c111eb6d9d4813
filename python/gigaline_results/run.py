# python/gigaline_results/run.py — read_run and read_region: the results folder of `gigaline run FILE --out DIR`
# (summary.json and its four CSV files) and of a region run (its own two files and one such folder per plant).
"""Results folders of gigaline run, as pandas DataFrames (the format is docs/outputs.md)."""

import dataclasses
import json
import pathlib

import pandas as pd

from ._files import means_with_ci95, months, read_csv, read_result_set, records

RUN_FILES = ("summary.json", "monthly.csv", "stations.csv", "stations_monthly.csv", "lines_monthly.csv")
REGION_FILES = ("summary.json", "monthly.csv")


@dataclasses.dataclass(repr=False)
class Run:
    """One run's results (means over its replications; `_ci95` columns are 95 % half-widths).

    totals: one row per KPI of summary.json's totals (gwh, cells_good, scrap_rate, oee, ...), columns mean, ci95
    per_replication: one row per replication (column replication from 0), the totals and conservation_error
    monthly: monthly.csv, one row per calendar month, month as a pandas Period
    stations: stations.csv, one row per line and station
    stations_monthly: stations_monthly.csv, one row per month, line and station
    lines_monthly: lines_monthly.csv, one row per month and line instance (L, L.2, ...)
    observations: the scenario's observations against the simulated values (no rows when it has none)
    scrap_by_stage: index (line, station), columns found, caused and, with a cost section, caused_eur
    timeline: the scenario's dated changes (date, kind, label)
    provenance: scenario_hash, seed, gigaline_version, build, simgrid_version, compiler
    summary: summary.json as parsed, for everything else (nameplate, sources, engine)
    """

    folder: pathlib.Path
    summary: dict
    totals: pd.DataFrame
    per_replication: pd.DataFrame
    monthly: pd.DataFrame
    stations: pd.DataFrame
    stations_monthly: pd.DataFrame
    lines_monthly: pd.DataFrame
    observations: pd.DataFrame
    scrap_by_stage: pd.DataFrame
    timeline: pd.DataFrame

    @property
    def scenario(self) -> str:
        return self.summary["scenario"]

    @property
    def replications(self) -> int:
        return self.summary["replications"]

    @property
    def provenance(self) -> dict:
        return self.summary["provenance"]

    def __repr__(self):
        months_ = self.monthly["month"]
        span = f"{months_.iloc[0]} to {months_.iloc[-1]}" if len(months_) else "no month"
        return (f"<gigaline run {self.scenario!r}: {self.replications} replication(s), {span}, "
                f"{len(self.stations)} stations, from {self.folder}>")


def _scrap_by_stage(scrap: dict) -> pd.DataFrame:
    df = pd.DataFrame(scrap, dtype=float)  # index "line/station", one column per key
    split = [key.split("/", 1) + [""] for key in df.index]
    df.index = pd.MultiIndex.from_arrays([[s[0] for s in split], [s[1] for s in split]], names=["line", "station"])
    return df


def read_run(folder) -> Run:
    """The results folder that `gigaline run FILE --out FOLDER` wrote, checked against its manifest.json.

    Raises FileNotFoundError when the folder does not exist and ValueError when it is not one complete set
    of a run's results: no manifest (the run did not finish), a file missing from it or changed since (the
    message names the file), or another kind of folder (a region's, a forecast's: it names the reader).
    """
    folder = pathlib.Path(folder)
    files = read_result_set(folder, RUN_FILES)
    summary = json.loads(files["summary.json"])
    per_replication = pd.DataFrame(summary["per_replication"])
    per_replication.insert(0, "replication", range(len(per_replication)))
    return Run(
        folder=folder,
        summary=summary,
        totals=means_with_ci95(summary["totals"]),
        per_replication=per_replication,
        monthly=read_csv(files["monthly.csv"]),
        stations=read_csv(files["stations.csv"]),
        stations_monthly=read_csv(files["stations_monthly.csv"]),
        lines_monthly=read_csv(files["lines_monthly.csv"]),
        observations=records(summary.get("observations", [])),
        scrap_by_stage=_scrap_by_stage(summary.get("scrap_by_stage", {})),
        timeline=records(summary.get("timeline", []), dates=["date"]),
    )


@dataclasses.dataclass(repr=False)
class Region:
    """A region run's results: the regional sums, and each plant's own results as a Run.

    monthly: the region's monthly.csv (sums over plants, gwh_<plant> columns), month as a pandas Period
    annual: one row per calendar year (gwh, vehicles, headcount, target ratios, with _ci95)
    plants: one row per plant: name, file, scenario_hash, start_date and its totals (with _ci95)
    jobs_observed: the published headcounts next to the modelled ones
    runs: {plant name: Run}, read from the plant's folder beside the region's files
    summary: the region's summary.json as parsed (provenance, targets, engine)
    """

    folder: pathlib.Path
    summary: dict
    monthly: pd.DataFrame
    annual: pd.DataFrame
    plants: pd.DataFrame
    jobs_observed: pd.DataFrame
    runs: dict

    @property
    def region(self) -> str:
        return self.summary["region"]

    @property
    def provenance(self) -> dict:
        return self.summary["provenance"]

    def __repr__(self):
        return (f"<gigaline region {self.region!r}: plants {', '.join(self.runs)}, "
                f"{self.summary['replications']} replication(s), to {self.summary['end_date']}, from {self.folder}>")


def read_region(folder) -> Region:
    """The results folder that `gigaline run REGION --out FOLDER` wrote, and its plants' folders.

    Each plant's folder is read with read_run and must be the run that the region's summary.json names
    (the same scenario hash, seed and replications); otherwise, or when a manifest check fails, ValueError.
    """
    folder = pathlib.Path(folder)
    files = read_result_set(folder, REGION_FILES)
    summary = json.loads(files["summary.json"])
    if "region" not in summary:
        raise ValueError(f"{folder / 'summary.json'}: not a region's summary: {folder} is a run's folder, "
                         "use read_run")
    runs = {}
    for plant in summary["plants"]:
        run = read_run(folder / plant["name"])
        mine = (plant["scenario_hash"], summary["provenance"]["seed"], summary["replications"])
        theirs = (run.provenance["scenario_hash"], run.provenance["seed"], run.replications)
        if mine != theirs:
            raise ValueError(f"{run.folder / 'summary.json'}: scenario hash, seed and replications {theirs}, but the "
                             f"region's summary.json has {mine} for {plant['name']}: not the region's run")
        runs[plant["name"]] = run
    plants = pd.DataFrame([{k: v for k, v in p.items() if k != "totals"} | p["totals"] for p in summary["plants"]])
    plants["start_date"] = pd.to_datetime(plants["start_date"], format="%Y-%m-%d")
    annual = records(summary.get("annual", []))
    if "headcount_month" in annual.columns:
        annual["headcount_month"] = months(annual["headcount_month"])
    jobs = records(summary.get("jobs_observed", []), dates=["date"])
    if "month" in jobs.columns:
        jobs["month"] = months(jobs["month"])
    return Region(folder=folder, summary=summary, monthly=read_csv(files["monthly.csv"]), annual=annual,
                  plants=plants, jobs_observed=jobs, runs=runs)
