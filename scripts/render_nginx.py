"""Render deploy/nginx/snobistic.conf.template with the given ${NAME} values, as compose's proxy does.

    .venv/bin/python scripts/render_nginx.py WEB_UPSTREAM=127.0.0.1:8000 REALTIME_UPSTREAM=... > site.conf

The nginx image renders the same file with envsubst of the variables in its environment; this
does the same for exactly the names the template declares, and refuses to leave one unfilled
or to fill one the template does not have (so the smoke test cannot route differently).
"""

import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[1] / "deploy" / "nginx" / "snobistic.conf.template"
PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


def placeholders(text: str) -> set[str]:
    """The names the template leaves to be filled (comments included: they name them too)."""
    return set(PLACEHOLDER.findall(text))


def render(values: dict[str, str], text: str | None = None) -> str:
    text = TEMPLATE.read_text() if text is None else text
    wanted = placeholders(text)
    missing, unknown = wanted - set(values), set(values) - wanted
    if missing or unknown:
        raise ValueError(f"nginx template: missing {sorted(missing)}, unknown {sorted(unknown)}")
    bad = {name: value for name, value in values.items() if not value or re.search(r"[\s;{}$]", value)}
    if bad:
        raise ValueError(f"nginx template: unusable values {bad}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def main_conf(workdir: Path, site_conf: Path) -> str:
    """The nginx.conf around the rendered site for a run outside the image (make prod-smoke, the
    `nginx -t` test): pid, logs and temporary files in ``workdir``, in the foreground. The image
    has its own; the routes all come from the site file."""
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    temp = "\n".join(
        f"    {kind}_temp_path {workdir}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    {mime}
    default_type application/octet-stream;
{temp}
    include {site_conf};
}}
"""


def main(argv: list[str]) -> int:
    """``render_nginx.py NAME=value ...`` prints the site; ``--main WORKDIR SITE`` the main conf."""
    if argv[:1] == ["--main"]:
        sys.stdout.write(main_conf(Path(argv[1]), Path(argv[2])))
        return 0
    values = dict(arg.split("=", 1) for arg in argv)
    sys.stdout.write(render(values))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
