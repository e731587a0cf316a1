"""E-commerce platforms and how a listing's URL names its platform."""

from urllib.parse import urlsplit, urlunsplit

from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    TAOBAO = "taobao", _("Taobao")
    TMALL = "tmall", _("Tmall")
    JD = "jd", _("JD.com")
    PINDUODUO = "pinduoduo", _("Pinduoduo")
    ALIBABA_1688 = "1688", _("1688.com")
    DOUYIN = "douyin", _("Douyin")
    XIANYU = "xianyu", _("Xianyu")
    ALIBABA_COM = "alibaba_com", _("Alibaba.com")
    ALIEXPRESS = "aliexpress", _("AliExpress")
    OTHER = "other", _("Other")


# Registrable domains (and short-link domains) per platform; a host matches itself or a subdomain.
DOMAINS = {
    "taobao.com": Platform.TAOBAO,
    "tb.cn": Platform.TAOBAO,
    "tmall.com": Platform.TMALL,
    "tmall.hk": Platform.TMALL,
    "jd.com": Platform.JD,
    "jd.hk": Platform.JD,
    "3.cn": Platform.JD,
    "pinduoduo.com": Platform.PINDUODUO,
    "yangkeduo.com": Platform.PINDUODUO,
    "1688.com": Platform.ALIBABA_1688,
    "douyin.com": Platform.DOUYIN,
    "jinritemai.com": Platform.DOUYIN,
    "goofish.com": Platform.XIANYU,
    "xianyu.com": Platform.XIANYU,
    "alibaba.com": Platform.ALIBABA_COM,
    "aliexpress.com": Platform.ALIEXPRESS,
    "aliexpress.us": Platform.ALIEXPRESS,
    "aliexpress.ru": Platform.ALIEXPRESS,
}


def platform_of_url(url: str) -> str:
    """The platform a listing URL belongs to, from its host; `other` when unknown."""
    host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    labels = host.split(".")
    for i in range(len(labels)):
        platform = DOMAINS.get(".".join(labels[i:]))
        if platform:
            return platform
    return Platform.OTHER


def normalise_listing_url(url: str) -> str:
    """One spelling per listing: lower-case scheme and host, no fragment, no trailing slash."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") if parts.path != "/" else ""
    return urlunsplit((parts.scheme.lower(), (parts.netloc or "").lower(), path, parts.query, ""))
