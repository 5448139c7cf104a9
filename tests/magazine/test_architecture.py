"""The house's rule (README "Architecture"): arrows run one way.

``lint-imports`` (run by .ci/run) checks the contracts in pyproject.toml; this
checks that the kernel's contract names every module of the kernel, so a new
one cannot slip past it.
"""

import pkgutil
import tomllib
from pathlib import Path

import magazine

ROOT = Path(__file__).resolve().parents[2]


def contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {c["name"]: c for c in config["tool"]["importlinter"]["contracts"]}


def test_the_kernel_contract_covers_every_kernel_module():
    kernel = contracts()["The kernel imports no app and not the site layer"]
    modules = {
        f"magazine.{module.name}"
        for module in pkgutil.iter_modules(magazine.__path__)
        if module.name != "site"
    }
    assert set(kernel["source_modules"]) == modules
    assert set(kernel["forbidden_modules"]) == {
        "articles",
        "newsletter",
        "magazine.site",
    }


def test_the_layers_put_the_site_over_the_apps():
    layers = contracts()[
        "The site layer sits over the apps, the newsletter over the articles"
    ]
    assert layers["layers"] == ["magazine.site", "newsletter", "articles"]
