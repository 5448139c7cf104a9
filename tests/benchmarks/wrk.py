"""wrk's report read into figures: requests per second, p50/p99 in ms, failed answers."""

import re


def figures(output: str) -> dict:
    """What one ``wrk --latency`` run printed, as numbers."""
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99": milliseconds(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def median_run(runs: list[dict]) -> dict:
    """The run of median rate (its p99 with it), errors summed."""
    middle = sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]
    return {**middle, "errors": sum(run["errors"] for run in runs)}
