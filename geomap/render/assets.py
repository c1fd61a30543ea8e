"""Third-party browser assets: pinned npm files, fetched once into a user cache.

geomap never ships third-party JavaScript or CSS. Online maps load the pinned
files from a CDN with Subresource Integrity (the same SHA-256 pins); offline
maps inline them from ``options.cache_dir / "assets"``, filled once by
``geomap assets fetch`` from the npm registry (or from tarballs made with
``npm pack``) and verified against the pins below.

Examples
--------
>>> ASSETS["leaflet.js"].cdn_url
'https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js'
>>> sorted(bundle(heatmap=False)) == sorted(CORE)
True
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from geomap._atomic import atomic_path
from geomap.errors import AssetsMissing
from geomap.options import DEFAULT, options

__all__ = [
    "Asset",
    "ASSETS",
    "CORE",
    "HEATMAP",
    "AssetsMissing",
    "assets_dir",
    "bundle",
    "fetch_assets",
    "missing_assets",
    "read_asset",
    "status",
]

_REGISTRY = "https://registry.npmjs.org"
_CDN = "https://cdn.jsdelivr.net/npm"


@dataclass(frozen=True)
class Asset:
    """One file of one npm package version, pinned by its SHA-256."""

    name: str
    package: str
    version: str
    path: str  # inside the package, e.g. "dist/leaflet.js"
    sha256: str
    licence: str

    @property
    def cdn_url(self) -> str:
        """URL of the same file on the jsDelivr npm mirror."""
        return f"{_CDN}/{self.package}@{self.version}/{self.path}"

    @property
    def tarball_name(self) -> str:
        """File name ``npm pack`` gives the package tarball."""
        return f"{self.package}-{self.version}.tgz"

    @property
    def tarball_url(self) -> str:
        """URL of the package tarball on the npm registry."""
        return f"{_REGISTRY}/{self.package}/-/{self.tarball_name}"

    @property
    def sri(self) -> str:
        """Subresource Integrity value for a ``<script>``/``<link>`` tag."""
        return "sha256-" + base64.b64encode(bytes.fromhex(self.sha256)).decode("ascii")

    @property
    def mime(self) -> str:
        """MIME type, from the file suffix."""
        suffix = self.path.rsplit(".", 1)[-1]
        return {"js": "text/javascript", "css": "text/css", "png": "image/png"}.get(
            suffix, "text/plain"
        )

    @property
    def licence_asset(self) -> str:
        """Name of the asset holding this package's LICENSE file."""
        return f"{self.package}-LICENSE"


def _asset(name, package, version, path, sha256, licence) -> tuple[str, Asset]:
    return name, Asset(name, package, version, path, sha256, licence)


# Leaflet: the version folium 0.20 uses. Leaflet.markercluster (folium's version) is
# not used by geomap's pages; it is pinned for bench/map.py, which draws the folium idiom.
ASSETS: dict[str, Asset] = dict(
    [
        _asset(
            "leaflet.js", "leaflet", "1.9.3", "dist/leaflet.js",
            "5819285cec137b229c94e1ee5ad73e8b6b84345a4367d60f75fe477fe0fb7b03", "BSD-2-Clause",
        ),
        _asset(
            "leaflet.css", "leaflet", "1.9.3", "dist/leaflet.css",
            "90b693d86392a4779c861b28cf307e7e59c3fb35328c4d8b95f58f814d38c722", "BSD-2-Clause",
        ),
        _asset(
            "layers.png", "leaflet", "1.9.3", "dist/images/layers.png",
            "1dbbe9d028e292f36fcba8f8b3a28d5e8932754fc2215b9ac69e4cdecf5107c6", "BSD-2-Clause",
        ),
        _asset(
            "layers-2x.png", "leaflet", "1.9.3", "dist/images/layers-2x.png",
            "066daca850d8ffbef007af00b06eac0015728dee279c51f3cb6c716df7c42edf", "BSD-2-Clause",
        ),
        _asset(
            "marker-icon.png", "leaflet", "1.9.3", "dist/images/marker-icon.png",
            "574c3a5cca85f4114085b6841596d62f00d7c892c7b03f28cbfa301deb1dc437", "BSD-2-Clause",
        ),
        _asset(
            "leaflet.markercluster.js", "leaflet.markercluster", "1.1.0",
            "dist/leaflet.markercluster.js",
            "7e1a592d5bf4b1698700edecc0ac091166d41d3c31373611627b4e7b9faef067", "MIT",
        ),
        _asset(
            "MarkerCluster.css", "leaflet.markercluster", "1.1.0", "dist/MarkerCluster.css",
            "f9b756b96397305917d2ff42bebdce58294f89879f0d0cfd18664fffbc59c5d7", "MIT",
        ),
        _asset(
            "MarkerCluster.Default.css", "leaflet.markercluster", "1.1.0",
            "dist/MarkerCluster.Default.css",
            "2d687359a406651b1616bac9c60fba667f134fce24d3fb6bb621c173aa9c1a96", "MIT",
        ),
        _asset(
            "supercluster.js", "supercluster", "8.0.1", "dist/supercluster.min.js",
            "5981fb396427d9050ae430a350d3e6175b33acd6bb1523713fa457b5ca3411d4", "ISC",
        ),
        _asset(
            "leaflet-heat.js", "leaflet.heat", "0.2.0", "dist/leaflet-heat.js",
            "eb952aae5806a1102729f291bab887dde783ace859819a354827a776e73e486a", "BSD-2-Clause",
        ),
        # Licence texts: offline pages carry each inlined package's notice with its code.
        _asset(
            "leaflet-LICENSE", "leaflet", "1.9.3", "LICENSE",
            "97c194191510b19c72d25094922821a888d5d9bafb909ea7a38c9bf5b6c40a08", "BSD-2-Clause",
        ),
        _asset(
            "supercluster-LICENSE", "supercluster", "8.0.1", "LICENSE",
            "b8878372a0d7d1c303f48659ddbd6881807cd2196e4af2f548d8da0c0f7c4d71", "ISC",
        ),
        _asset(
            "leaflet.heat-LICENSE", "leaflet.heat", "0.2.0", "LICENSE",
            "9010b843aad8e450890fc18dae2dfec00e68c10da775515801c42878afbb0da1", "BSD-2-Clause",
        ),
    ]
)  # fmt: skip

#: Files every map page loads, in load order (CSS images are inlined into the CSS).
CORE = (
    "leaflet.css",
    "leaflet.js",
    "supercluster.js",
)
#: Extra file for the optional heatmap layer.
HEATMAP = ("leaflet-heat.js",)
# Images leaflet.css refers to by relative URL; offline builds turn them into data: URIs.
_CSS_IMAGES = {
    "images/layers.png": "layers.png",
    "images/layers-2x.png": "layers-2x.png",
    "images/marker-icon.png": "marker-icon.png",
}


def licence_notice(name: str, *, cache_dir=DEFAULT) -> str:
    """Return a comment block carrying the licence of the package ``name`` comes from.

    Examples
    --------
    >>> licence_notice("leaflet.css", cache_dir="/nonexistent")
    ''
    """
    asset = ASSETS[name]
    if asset.licence_asset not in ASSETS:
        return ""
    try:
        text = read_asset(asset.licence_asset, cache_dir=cache_dir).decode("utf-8")
    except AssetsMissing:
        if name.endswith(".css"):
            return ""  # the stylesheets' packages also ship a script, which carries it
        raise
    head = f"/*! {asset.package}@{asset.version} ({asset.licence}), from the npm registry."
    return f"{head}\n{text}\n*/\n"


def bundle(*, heatmap: bool = False) -> tuple[str, ...]:
    """Return the names of the page assets a map needs, in load order.

    Examples
    --------
    >>> bundle(heatmap=True)[-1]
    'leaflet-heat.js'
    """
    return CORE + (HEATMAP if heatmap else ())


def assets_dir(cache_dir=DEFAULT) -> Path:
    """Return the directory holding fetched assets (``<cache_dir>/assets``).

    Examples
    --------
    >>> assets_dir("/tmp/c").as_posix()
    '/tmp/c/assets'
    """
    base = options.cache_dir if cache_dir is DEFAULT else Path(cache_dir)
    return Path(base) / "assets"


def _cached_path(asset: Asset, cache_dir=DEFAULT) -> Path:
    return assets_dir(cache_dir) / f"{asset.package}@{asset.version}" / asset.path


def _verified(data: bytes, asset: Asset) -> bool:
    return hashlib.sha256(data).hexdigest() == asset.sha256


def missing_assets(names=None, *, cache_dir=DEFAULT) -> list[str]:
    """Return the names of assets absent from the cache or failing their SHA-256 pin.

    Examples
    --------
    >>> missing_assets(["leaflet.js"], cache_dir="/nonexistent")
    ['leaflet.js']
    """
    names = list(ASSETS) if names is None else list(names)
    missing = []
    for name in names:
        path = _cached_path(ASSETS[name], cache_dir)
        if not path.is_file() or not _verified(path.read_bytes(), ASSETS[name]):
            missing.append(name)
    return missing


def _missing_message(names: list[str], cache_dir) -> str:
    which = ", ".join(f"{n} ({ASSETS[n].package}@{ASSETS[n].version})" for n in names)
    return (
        f"offline map assets missing or corrupt in {assets_dir(cache_dir)}: {which}; "
        "run `geomap assets fetch` once (downloads them from the npm registry and checks "
        "their SHA-256), or build without --offline"
    )


def read_asset(name: str, *, cache_dir=DEFAULT) -> bytes:
    """Return the verified bytes of one cached asset.

    Raises
    ------
    AssetsMissing
        When the file is absent or its SHA-256 differs from the pin.

    Examples
    --------
    >>> read_asset("leaflet.js", cache_dir="/nonexistent")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    geomap.render.assets.AssetsMissing: offline map assets missing or corrupt
    """
    asset = ASSETS[name]
    path = _cached_path(asset, cache_dir)
    try:
        data = path.read_bytes()
    except OSError:
        raise AssetsMissing(_missing_message([name], cache_dir)) from None
    if not _verified(data, asset):
        raise AssetsMissing(_missing_message([name], cache_dir))
    return data


def inline_css(name: str, *, cache_dir=DEFAULT) -> str:
    """Return a cached stylesheet with its relative image URLs turned into data: URIs."""
    css = read_asset(name, cache_dir=cache_dir).decode("utf-8")
    for relative, image in _CSS_IMAGES.items():
        if relative in css:
            data = base64.b64encode(read_asset(image, cache_dir=cache_dir)).decode("ascii")
            css = css.replace(relative, f"data:{ASSETS[image].mime};base64,{data}")
    return css


def _download(url: str, timeout_s: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "geomap-assets"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310
            return response.read()
    except OSError as error:
        raise AssetsMissing(f"cannot download {url}: {error}") from error


def fetch_assets(
    names=None, *, source: str | os.PathLike | None = None, cache_dir=DEFAULT, timeout_s=DEFAULT
) -> list[Path]:
    """Put the pinned assets into the cache, verifying each file's SHA-256.

    Parameters
    ----------
    names : iterable of str, optional
        Asset names (keys of :data:`ASSETS`); all of them by default.
    source : path, optional
        A directory holding the package tarballs as ``npm pack`` names them
        (``leaflet-1.9.3.tgz``, ...). Without it they are downloaded from the
        npm registry.
    cache_dir : path, optional
        Defaults to ``options.cache_dir``.
    timeout_s : float, optional
        Per download; defaults to ``options.timeout_s``.

    Returns
    -------
    list of Path
        The cached files, already-present ones included.

    Raises
    ------
    AssetsMissing
        When a tarball cannot be obtained or a file does not match its pin.

    Examples
    --------
    >>> fetch_assets([], cache_dir="/tmp/none")
    []
    """
    names = list(ASSETS) if names is None else list(names)
    timeout = options.timeout_s if timeout_s is DEFAULT else float(timeout_s)
    todo = missing_assets(names, cache_dir=cache_dir)
    by_tarball: dict[str, list[Asset]] = {}
    for name in todo:
        by_tarball.setdefault(ASSETS[name].tarball_name, []).append(ASSETS[name])
    for tarball, wanted in sorted(by_tarball.items()):
        if source is not None:
            local = Path(source) / tarball
            try:
                blob = local.read_bytes()
            except OSError as error:
                raise AssetsMissing(f"cannot read {local}: {error.strerror}") from None
        else:
            blob = _download(wanted[0].tarball_url, timeout)
        try:
            archive = tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz")
        except tarfile.TarError as error:
            raise AssetsMissing(f"{tarball} is not a readable npm tarball: {error}") from None
        with archive:
            for asset in wanted:
                try:
                    member = archive.extractfile(f"package/{asset.path}")
                except KeyError:
                    member = None
                data = member.read() if member is not None else b""
                if not _verified(data, asset):
                    raise AssetsMissing(
                        f"{tarball}: package/{asset.path} does not match its pinned SHA-256 "
                        f"{asset.sha256}; refusing to use it"
                    )
                dest = _cached_path(asset, cache_dir)
                dest.parent.mkdir(parents=True, exist_ok=True)
                with atomic_path(dest) as tmp:
                    tmp.write_bytes(data)
    return [_cached_path(ASSETS[name], cache_dir) for name in names]


def status(*, cache_dir=DEFAULT) -> list[dict]:
    """Describe every pinned asset and whether the cache holds a verified copy.

    Examples
    --------
    >>> row = status(cache_dir="/nonexistent")[0]
    >>> row["name"], row["present"]
    ('leaflet.js', False)
    """
    missing = set(missing_assets(cache_dir=cache_dir))
    return [
        {
            "name": a.name,
            "package": f"{a.package}@{a.version}",
            "path": str(_cached_path(a, cache_dir)),
            "sha256": a.sha256,
            "licence": a.licence,
            "present": a.name not in missing,
        }
        for a in ASSETS.values()
    ]
