"""Product groups: the catalog's main groups, their display names and default VAT.

The group id (e.g. `"meieri"`) is what the catalog, the dividend exclusions and
the X/Z reports ("per main product group") share; the names are what people read.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos.domain.texts import Text


@dataclass(frozen=True)
class ProductGroup:
    group_id: str
    name: Text
    vat_rate: int
    """The usual rate in the group; a product may differ (alcohol-free beer is food, 15 %)."""


_GROUPS = (
    ProductGroup("meieri", Text("Meieri", "Dairy"), 15),
    ProductGroup("frukt_gront", Text("Frukt og grønt", "Fruit and vegetables"), 15),
    ProductGroup("brod", Text("Brød og bakevarer", "Bread and bakery"), 15),
    ProductGroup("kjott", Text("Kjøtt", "Meat"), 15),
    ProductGroup("fisk", Text("Fisk og sjømat", "Fish and seafood"), 15),
    ProductGroup("palegg", Text("Pålegg", "Spreads and cold cuts"), 15),
    ProductGroup("torrvarer", Text("Tørrvarer", "Dry goods"), 15),
    ProductGroup("frysevarer", Text("Frysevarer", "Frozen food"), 15),
    ProductGroup("snacks", Text("Snacks og godteri", "Snacks and sweets"), 15),
    ProductGroup("drikke", Text("Drikke", "Soft drinks, coffee and tea"), 15),
    ProductGroup("ol", Text("Øl og cider", "Beer and cider"), 25),
    ProductGroup("tobakk", Text("Tobakk og snus", "Tobacco and snus"), 25),
    ProductGroup("husholdning", Text("Husholdning", "Household"), 25),
    ProductGroup("hygiene", Text("Hygiene", "Personal care"), 25),
    ProductGroup("legemidler", Text("Legemidler", "Non-prescription medicines"), 25),
    ProductGroup("dyremat", Text("Dyremat", "Pet food"), 25),
    ProductGroup("aviser", Text("Aviser", "Newspapers"), 0),
    ProductGroup("billetter", Text("Billetter", "Tickets"), 12),
    ProductGroup("gavekort", Text("Gavekort", "Gift cards"), 0),
    ProductGroup("pant", Text("Pant", "Deposit"), 25),
)

PRODUCT_GROUPS: dict[str, ProductGroup] = {g.group_id: g for g in _GROUPS}

DEPOSIT_GROUP = "pant"


def group_name(group_id: str, lang: str = "nb") -> str:
    """The display name of a group; an unknown id is shown as itself."""
    group = PRODUCT_GROUPS.get(group_id)
    return group.name.get(lang) if group else group_id
