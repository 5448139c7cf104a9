# Shared by .ci/serve and .ci/test: find Python 3.12+, make .venv, install from magazine/deploy/constraints.txt.
# Source it from the project root.

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.14 python3.13 python3.12 python3 \
        "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
        [ -n "$candidate" ] || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
            command -v "$candidate"
            return 0
        fi
    done
    echo "magazine needs Python 3.12 or newer (Django 6.1): install it, or set PYTHON=/path/to/python3.12+." >&2
    return 1
}

install_dependencies() {
    # $1: the extras to install, e.g. "test" (empty for the site alone)
    local extras="${1:+[$1]}"
    if ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
        local python
        python=$(find_python) || exit 1
        rm -rf .venv
        "$python" -m venv .venv
    fi
    local stamp
    stamp=".venv/.installed-$(cat pyproject.toml magazine/deploy/constraints.txt | sha256sum | cut -c1-16)${1:+-$1}"
    if [ ! -f "$stamp" ]; then
        .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25"
        .venv/bin/python -m pip install --quiet --disable-pip-version-check -c magazine/deploy/constraints.txt -e ".$extras"
        touch "$stamp"
    fi
}

ensure_env_file() {
    # Development settings: DEBUG on, everything else at its safe default.
    [ -f .env ] || printf 'DEBUG=true\n' > .env
}
