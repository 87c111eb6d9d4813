# python/gigaline_results/__init__.py — the analyst's path into gigaline's results from Python: a run's or a
# region's results folder, a sweep's SQLite database and a forecast's folder read into pandas DataFrames.
"""Read gigaline's results into pandas DataFrames (docs/python.md shows how).

    read_run(folder)      -> Run       gigaline run FILE --out FOLDER
    read_region(folder)   -> Region    gigaline run REGION --out FOLDER
    read_sweep(db)        -> Sweep     gigaline sweep FILE --db DB
    read_forecast(folder) -> Forecast  gigaline forecast FILE --out FOLDER

Folders are checked against the manifest.json gigaline writes last: an unfinished folder, or one whose files
are not one set, raises ValueError naming the file. Needs only the standard library and pandas.
"""

from ._files import fnv1a64
from .forecast import FIGURES, STATISTICS, Forecast, read_forecast
from .run import Region, Run, read_region, read_run
from .sweep import Sweep, read_sweep

__all__ = ["read_run", "read_region", "read_sweep", "read_forecast", "Run", "Region", "Sweep", "Forecast",
           "FIGURES", "STATISTICS", "fnv1a64"]
