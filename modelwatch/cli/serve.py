"""`modelwatch serve`: the web explorer and JSON API over the store, read-only."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from modelwatch.cli.app import app
from modelwatch.errors import ModelwatchError


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    export: Annotated[
        Path | None,
        typer.Option("--export", help="Write the site as static files into this directory instead of serving."),
    ] = None,
) -> None:
    """Serve the releases explorer, a page per release and organization, and the JSON API (/api/v1)."""
    from modelwatch.web.app import create_app

    if export is not None:  # the pages need no server
        from modelwatch.web.export import claim_folder, export_site

        claim_folder(export)  # a user's folder is refused before any work
        result = export_site(create_app(), export)
        assets = len(result.files) - result.pages - result.feeds
        typer.echo(f"wrote {result.pages} pages, {result.feeds} feed files and {assets} assets to {result.out_dir}")
        return
    try:
        import uvicorn
    except ImportError as exc:
        raise ModelwatchError(
            f"the web server needs extra packages ({exc.name} is missing): pip install 'modelwatch[web]'"
        ) from exc
    if not 0 < port < 65536:
        raise ModelwatchError(f"--port must be between 1 and 65535, not {port}")
    _can_listen(host, port)
    web = create_app()
    typer.echo(f"modelwatch: serving data {web.state.site.data_version} on http://{host}:{port}/ (Ctrl-C stops)")
    from modelwatch.web.server import config

    uvicorn.Server(config(web, host, port)).run()


def _can_listen(host: str, port: int) -> None:
    """A port in use or a bad address is one line before any work, not a server log after it."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as s:
            # as the server itself binds: a port whose last server just stopped (its connections in
            # TIME_WAIT) is free to use again
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(infos[0][4])
    except OSError as exc:
        raise ModelwatchError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
