"""README's "Deploy" section, read as a newcomer runs it, checked against the kit.

A walk of that section as root on a fresh Debian 12 host (no systemd: each unit's
ExecStart started by hand) found commands missing for what the kit assumes: the
brotli module, ``/var/cache/nginx``, logrotate. These checks keep the section and
``magazine/deploy/`` telling the same story: every kit file README installs exists
and every one is installed; the paths the units and the nginx site use are the ones
README's commands make; the apt line brings every nginx module the site's
directives need; the management commands named exist; the environment template
names only variables the settings (or gunicorn's config) read. Each check returns
its problems, so the last tests can show that a drifted README is caught.

Text only (milliseconds): it runs with the fast suite, not in a stage.
"""

import re
import shlex
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

from tests.deploy.kit import (
    INSTALLED_APP,
    INSTALLED_VENV,
    KIT,
    ROOT,
    UNITS,
    Unit,
    read_environment_file,
)

README = ROOT / "README.md"
SITE = (KIT / "nginx-magazine.conf").read_text()
# The nginx directives that need a Debian module, and the package that brings it.
MODULE_PACKAGES = {
    r"\b\w+_by_lua(_block)?\b|\blua_shared_dict\b": "libnginx-mod-http-lua",
    r"\bproxy_cache_purge\b": "libnginx-mod-http-cache-purge",
    r"^\s*brotli(_\w+)?\s": "libnginx-mod-http-brotli-filter",
}


def deploy_section() -> str:
    text = README.read_text()
    return text[text.index("### Deploy\n") : text.index("### Caches\n")]


def commands(section: str) -> list[list[str]]:
    """The section's ```sh lines as words: continuations joined, comments dropped."""
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", section, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words:
                lines.append(words)
    return lines


def installs(section: str) -> dict[str, str]:
    """``install SOURCE DESTINATION`` lines of the kit: the installed path of each
    kit file (a glob such as ``systemd/*`` stands for every file it matches)."""
    installed = {}
    for words in commands(section):
        if words[0] != "install" or "-d" in words:
            continue
        source, destination = words[-2], words[-1]
        if source.startswith(f"{INSTALLED_APP}/"):
            local = Path(source.replace(INSTALLED_APP, str(ROOT), 1))
            if not local.parent.is_relative_to(KIT) or not any(
                local.parent.glob(local.name)
            ):
                installed[source] = "missing"
            for path in local.parent.glob(local.name):
                target = destination
                if destination.endswith("/"):
                    target = destination + path.name
                installed[str(path.relative_to(KIT))] = target
    return installed


def made_directories(section: str) -> set[str]:
    """Directories the commands create: ``install -d``, clone and venv targets."""
    made = set()
    for words in commands(section):
        if words[0] == "install" and "-d" in words:
            made.update(w for w in words[1:] if w.startswith("/"))
        elif words[:2] == ["git", "clone"]:
            made.add(words[-1])
    return made


def venvs(section: str) -> set[str]:
    """Virtualenvs the commands make, but for a tool's own (``uv``'s)."""
    segments = [
        segment.split()
        for words in commands(section)
        for segment in " ".join(words).split("&&")
    ]
    made = {s[-1] for s in segments if re.search(r"-m venv |\buv venv ", " ".join(s))}
    tools = {
        s[0].removesuffix("/bin/pip") for s in segments if s[1:] == ["install", "uv"]
    }
    return made - tools


def check_kit_files(section: str) -> list[str]:
    installed = installs(section)
    problems = [f"README installs {name}, not in the kit" for name, where in
                installed.items() if where == "missing"]  # fmt: skip
    for path in sorted(KIT.rglob("*")):
        name = str(path.relative_to(KIT))
        # gunicorn.conf.py (the unit) and constraints.txt (pip) are read in place;
        # any other file must be installed.
        # (__pycache__: gunicorn compiles its config where it reads it.)
        if (
            path.is_file()
            and name not in {*installed, "gunicorn.conf.py", "constraints.txt"}
            and "__pycache__" not in path.parts
        ):
            problems.append(f"no README command installs magazine/deploy/{name}")
    if not any(
        "pip" in " ".join(words)
        and "/srv/magazine/app/magazine/deploy/constraints.txt" in words
        for words in commands(section)
    ):
        problems.append("no README pip command installs with the kit's constraints.txt")
    return problems


def check_units(section: str) -> list[str]:
    problems = []
    installed = installs(section)
    made = made_directories(section)
    environment_file = installed.get("magazine.env.example")
    users = {w[-1] for w in commands(section) if w[0] in ("adduser", "useradd")}
    if venvs(section) != {INSTALLED_VENV}:
        problems.append(
            f"README makes {sorted(venvs(section))}: the units run {INSTALLED_VENV}"
        )
    manage = re.search(r"manage\(\) \{.*?ENV_FILE=(\S+)", section, re.S)
    if not manage or manage.group(1) != environment_file:
        problems.append("README's manage() does not read the units' environment file")
    for path in sorted(UNITS.glob("*.service")):
        unit = Unit.read(path.name)
        if installed.get(f"systemd/{path.name}", "").rsplit("/", 1)[0] != (
            "/etc/systemd/system"
        ):
            problems.append(f"{path.name} is not installed in /etc/systemd/system")
        if unit.environment_file != environment_file:
            problems.append(f"{path.name} reads {unit.environment_file}")
        if unit.user not in users:
            problems.append(
                f"{path.name} runs as {unit.user}, a user README never adds"
            )
        if unit.working_directory not in made:
            problems.append(f"{path.name} works in {unit.working_directory}")
        program = unit.exec_start[0]
        if program.rsplit("/bin/", 1)[0] not in venvs(section):
            problems.append(f"{path.name} runs {program}, outside README's virtualenv")
        if not program.startswith(f"{INSTALLED_VENV}/bin/"):
            problems.append(f"{path.name} runs {program}, not from {INSTALLED_VENV}")
    return problems


def check_unit_names(section: str) -> list[str]:
    """Units named in systemctl commands (code blocks and prose) exist."""
    shipped = {path.name.removesuffix(".service") for path in UNITS.glob("*.service")}
    problems = []
    for arguments in re.findall(
        r"systemctl (?:enable --now|restart|start) ([^`\n]+)", section
    ):
        for name in shlex.split(arguments):
            if not name.startswith("magazine"):
                continue
            template = re.sub(r"@.*", "@", name.removesuffix(".service"))
            if template not in shipped:
                problems.append(f"systemctl names {name}, no such unit in the kit")
    return problems


def check_management_commands(section: str) -> list[str]:
    named = set(re.findall(r"\bmanage(?:\.py)? ([a-z][a-z_]+)", section))
    for path in UNITS.glob("*.service"):
        named.update(re.findall(r"manage\.py ([a-z][a-z_]+)", path.read_text()))
    return [f"README or a unit names manage.py {name}, no such command"
            for name in sorted(named - set(get_commands()))]  # fmt: skip


def check_nginx_paths(section: str) -> list[str]:
    problems = []
    made = made_directories(section)
    static_root = (
        f"{INSTALLED_APP}/{settings.STATIC_ROOT.relative_to(settings.BASE_DIR)}"
    )
    media_root = read_environment_file(KIT / "magazine.env.example")["MEDIA_ROOT"]
    openssl = next((w for w in commands(section) if w[:2] == ["openssl", "req"]), [])
    certificates = {
        openssl[i + 1] for i, w in enumerate(openssl) if w in ("-out", "-keyout")
    }
    for path in re.findall(r"ssl_certificate(?:_key)? (\S+);", SITE):
        if path not in certificates:
            problems.append(f"the site's {path} is not made by README's openssl line")
    for path in re.findall(r"proxy_cache_path (\S+)", SITE):
        if str(Path(path).parent) not in made:
            problems.append(f"nothing makes {Path(path).parent} for {path}")
    for path in re.findall(r"\broot (\S+);", SITE):
        if path not in made:
            problems.append(f"the site's root {path} is never made")
    for path in re.findall(r"\balias (\S+);", SITE):
        if not (path.startswith(f"{static_root}/") or path == f"{media_root}/"):
            problems.append(
                f"the site serves {path}: neither STATIC_ROOT nor MEDIA_ROOT"
            )
    if media_root not in made:
        problems.append(f"README never makes MEDIA_ROOT {media_root}")
    if (
        installs(section).get("nginx-magazine.conf")
        != "/etc/nginx/sites-available/magazine"
    ):
        problems.append("the nginx site is not installed in sites-available")
    return problems


def check_packages(section: str) -> list[str]:
    apt = next((w for w in commands(section) if w[:2] == ["apt", "install"]), [])
    wanted = {package for pattern, package in MODULE_PACKAGES.items()
              if re.search(pattern, SITE, re.M)}  # fmt: skip
    used = {word for words in commands(section) for word in words[:1]}
    for tool, package in {
        "certbot": "certbot",
        "openssl": "openssl",
        "git": "git",
    }.items():
        if tool in used:
            wanted.add(package)
    if any("/etc/logrotate.d/" in " ".join(words) for words in commands(section)):
        wanted.add("logrotate")
    if "runuser -u postgres" in section:
        wanted.add("postgresql")
    if "redis://127.0.0.1" in (KIT / "magazine.env.example").read_text():
        wanted.add("redis-server")
    problems = [f"the apt line lacks {p}" for p in sorted(wanted - set(apt))]
    prose = re.search(r"`apt install (libnginx-mod[^`]+)`", section)
    modules = {p for p in wanted if p.startswith("libnginx-mod")}
    if not prose or set(prose.group(1).split()) != modules:
        problems.append(f"the front cache's module list is not {sorted(modules)}")
    return problems


def check_environment_template(section: str) -> list[str]:
    settings_text = (ROOT / "magazine" / "settings.py").read_text()
    gunicorn_text = (KIT / "gunicorn.conf.py").read_text()
    read = set(
        re.findall(
            r'\b(?:env(?:\.\w+)?|required)\(\s*"([A-Z][A-Z0-9_]+)"', settings_text
        )
    )
    required = set(re.findall(r'\brequired\(\s*"([A-Z][A-Z0-9_]+)"', settings_text))
    gunicorn = set(re.findall(r'os\.environ\.get\(\s*"(GUNICORN_\w+)"', gunicorn_text))
    template = set(read_environment_file(KIT / "magazine.env.example"))
    problems = [f"magazine.env.example sets {name}, which nothing reads"
                for name in sorted(template - read - gunicorn)]  # fmt: skip
    problems += [f"magazine.env.example lacks the required {name}"
                 for name in sorted(required - template)]  # fmt: skip
    row = next(
        line for line in section.splitlines() if line.startswith("| `gunicorn.conf.py`")
    )
    named = set(re.findall(r"`(GUNICORN_\w+)`", row))
    problems += [
        f"README's gunicorn row does not name {name}"
        for name in sorted(gunicorn - named)
    ]
    problems += [
        f"README's gunicorn row names {name}, unread"
        for name in sorted(named - gunicorn)
    ]
    return problems


CHECKS = [
    check_kit_files,
    check_units,
    check_unit_names,
    check_management_commands,
    check_nginx_paths,
    check_packages,
    check_environment_template,
]


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
def test_readme_and_the_kit_agree(check):
    assert commands(deploy_section()), "README's Deploy section has no sh block"
    assert check(deploy_section()) == []


def test_the_hashed_static_files_get_one_cache_control_header():
    """``expires`` beside ``add_header Cache-Control`` in one block sends two."""
    blocks = re.findall(r"location [^{]*\{([^{}]*)\}", SITE)
    both = [b for b in blocks if "expires " in b and "add_header Cache-Control" in b]
    assert blocks
    assert not both, both


@pytest.mark.parametrize(
    ("old", "new", "caught"),
    [
        ("libnginx-mod-http-brotli-filter certbot", "certbot", "lacks libnginx-mod-http-brotli-filter"),
        (" openssl logrotate\n", " openssl\n", "lacks logrotate"),
        ("install -d /srv/magazine /var/www/acme /var/cache/nginx", "install -d /srv/magazine /var/www/acme", "nothing makes /var/cache/nginx"),
        ("magazine-worker@1 magazine-worker@2", "magazine-workers@1", "magazine-workers@1"),
        ("manage create_admin ", "manage createadmin ", "createadmin"),
        ("    /etc/magazine/magazine.env\n", "    /etc/magazine.env\n", "reads /etc/magazine/magazine.env"),
        ("systemd/* /etc/systemd/system/", "systemd/magazine-web.service /etc/systemd/system/", "installs magazine/deploy/systemd/magazine-periodic.service"),
        ("python3 -m venv /srv/magazine/venv ", "python3 -m venv /srv/magazine/env ", "the units run /srv/magazine/venv"),
        ("`GUNICORN_MAX_REQUESTS`, ", "", "does not name GUNICORN_MAX_REQUESTS"),
    ],
)  # fmt: skip
def test_a_readme_drifted_from_the_kit_is_caught(old, new, caught):
    section = deploy_section()
    assert old in section, f"the drift case no longer matches README: {old!r}"
    drifted = section.replace(old, new, 1)

    problems = [problem for check in CHECKS for problem in check(drifted)]

    assert any(caught in problem for problem in problems), problems
