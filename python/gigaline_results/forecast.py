# python/gigaline_results/forecast.py — read_forecast: the folder of `gigaline forecast FILE --out DIR`
# (forecast.json and forecast_monthly.csv) as monthly quantiles, milestones and target probabilities.
"""Forecasts of gigaline, as pandas DataFrames (the format is docs/outputs.md, "Forecasts")."""

import dataclasses
import json
import pathlib

import pandas as pd

from ._files import read_csv, read_result_set, records

FORECAST_FILES = ("forecast.json", "forecast_monthly.csv")
FIGURES = ("cells_good", "gwh", "scrap_rate", "gwh_cumulative", "nameplate_share")
STATISTICS = ("mean", "p5", "p10", "p50", "p90", "p95")
_PREFIX = {"base": "", "what_if": "what_if_", "difference": "difference_"}


@dataclasses.dataclass(repr=False)
class Forecast:
    """A forecast over K parameter draws x R replications.

    monthly: forecast_monthly.csv: month (a pandas Period), nameplate_gwh, then FIGURE_STAT for each figure of
        FIGURES and statistic of STATISTICS (gwh_p50, ...), and the same prefixed what_if_ and difference_
        with a what-if; quantiles() gives one figure's as a table
    milestones: name (nameplate_50, gwh_cumulative_1, ...), reached (share of runs), p10, p50, p90 (timestamps,
        NaT when fewer runs than that share reach it)
    what_if_milestones: the same for the what-if, or None without one
    targets: target (as given), probability and, with a what-if, what_if_probability
    parameter_draws: one row per draw, one column per parameter path
    data: forecast.json as parsed (provenance, method, what_if overrides, ...)
    """

    folder: pathlib.Path
    data: dict
    monthly: pd.DataFrame
    milestones: pd.DataFrame
    what_if_milestones: pd.DataFrame
    targets: pd.DataFrame
    parameter_draws: pd.DataFrame

    @property
    def scenario(self) -> str:
        return self.data["scenario"]

    @property
    def provenance(self) -> dict:
        return self.data["provenance"]

    @property
    def what_if(self):
        """The what-if's overrides (PATH=VALUE), or None."""
        return self.data["what_if"]["overrides"] if "what_if" in self.data else None

    def quantiles(self, figure: str, of: str = "base") -> pd.DataFrame:
        """One figure's statistics by month: index month, columns mean, p5, p10, p50, p90, p95.

        of is "base", "what_if" (the alternative run) or "difference" (what-if minus base, run by run).
        """
        if figure not in FIGURES:
            raise ValueError(f"figure {figure!r}: expected one of {', '.join(FIGURES)}")
        if of not in _PREFIX:
            raise ValueError(f"of={of!r}: expected one of {', '.join(_PREFIX)}")
        columns = [f"{_PREFIX[of]}{figure}_{s}" for s in STATISTICS]
        if columns[0] not in self.monthly.columns:
            raise ValueError(f"{self.folder}: the forecast has no {of} figures (it was run without --what-if)")
        table = self.monthly.set_index("month")[columns]
        table.columns = list(STATISTICS)
        return table

    def __repr__(self):
        return (f"<gigaline forecast {self.scenario!r}: {self.data['draws']} draw(s) x "
                f"{self.data['replications']} replication(s), {len(self.monthly)} months, from {self.folder}>")


def read_forecast(folder) -> Forecast:
    """The folder that `gigaline forecast FILE --out FOLDER` wrote, checked against its manifest.json.

    Raises FileNotFoundError when the folder does not exist and ValueError when it is not one complete set
    of a forecast's files (the message names the file at fault).
    """
    folder = pathlib.Path(folder)
    files = read_result_set(folder, FORECAST_FILES)
    data = json.loads(files["forecast.json"])
    what_if = data.get("what_if")
    return Forecast(
        folder=folder,
        data=data,
        monthly=read_csv(files["forecast_monthly.csv"]),
        milestones=records(data["milestones"], dates=["p10", "p50", "p90"]),
        what_if_milestones=records(what_if["milestones"], dates=["p10", "p50", "p90"]) if what_if else None,
        targets=records(data.get("targets", [])),
        parameter_draws=pd.DataFrame(data["parameter_draws"], columns=data["parameters"]).rename_axis("draw"),
    )
