"""Hand-written catalog entries: demo products, loose produce, counter items and the rest.

Pure data for `generate_catalog.py`. Demo products are written exactly as given
(GTINs in `demo_products.py`); the others get GTINs from the generator.
"""

from __future__ import annotations

from pos.data import demo_products as demo

DEMO_PRODUCTS: tuple[dict, ...] = (
    {"gtin": demo.PANT_2, "name": "Pant 2 kr", "price_ore": 200, "vat_rate": 25,
     "group": "pant", "brand": "Coop"},
    {"gtin": demo.PANT_3, "name": "Pant 3 kr", "price_ore": 300, "vat_rate": 25,
     "group": "pant", "brand": "Coop"},
    {"gtin": demo.MILK, "name": "Tine Helmelk 1 l", "price_ore": 2590, "vat_rate": 15,
     "group": "meieri", "volume_ml": 1000, "brand": "Tine"},
    {"gtin": demo.BREAD, "name": "Bakehuset Grovbrød 750 g", "price_ore": 4290, "vat_rate": 15,
     "group": "brod", "brand": "Bakehuset"},
    {"gtin": demo.BEER, "name": "Ringnes Pilsner 0,5 l boks", "price_ore": 3490, "vat_rate": 25,
     "group": "ol", "deposit_gtin": demo.PANT_2, "age_limit": 18, "beer_hours": True,
     "abv_centi": 470, "volume_ml": 500, "brand": "Ringnes"},
    {"gtin": demo.LIGHT_BEER, "name": "Aass Lettøl 2,2 % 0,5 l boks", "price_ore": 2490,
     "vat_rate": 15, "group": "ol", "deposit_gtin": demo.PANT_2, "age_limit": 18,
     "abv_centi": 220, "volume_ml": 500, "brand": "Aass"},
    {"gtin": demo.SNUS, "name": "General Original Portion 24 g", "price_ore": 11900,
     "vat_rate": 25, "group": "tobakk", "age_limit": 18, "brand": "General"},
    {"gtin": demo.BANANAS, "name": "Bananer løsvekt", "price_ore": 2490, "vat_rate": 15,
     "group": "frukt_gront", "unit": "kg", "plu": demo.BANANAS_PLU, "brand": "Coop"},
    {"gtin": demo.CHEESE_BY_WEIGHT, "name": "Norvegia fra ostedisken", "price_ore": 14900,
     "vat_rate": 15, "group": "meieri", "unit": "kg", "item_ref": demo.CHEESE_ITEM_REF,
     "brand": "Coop"},
    {"gtin": demo.ENTRECOTE_LABEL, "name": "Kjøttdisk Entrecôte", "price_ore": 49900,
     "vat_rate": 15, "group": "kjott", "item_ref": demo.ENTRECOTE_ITEM_REF, "brand": "Coop"},
    {"gtin": demo.COLA_1_5L, "name": "Coca-Cola Original 1,5 l flaske", "price_ore": 3690,
     "vat_rate": 15, "group": "drikke", "deposit_gtin": demo.PANT_3, "volume_ml": 1500,
     "brand": "Coca-Cola"},
    {"gtin": demo.COLA_0_5L, "name": "Coca-Cola Original 0,5 l flaske", "price_ore": 2790,
     "vat_rate": 15, "group": "drikke", "deposit_gtin": demo.PANT_2, "volume_ml": 500,
     "brand": "Coca-Cola"},
    {"gtin": demo.YOGHURT, "name": "Tine Yoghurt Jordbær 125 g", "price_ore": 1090,
     "vat_rate": 15, "group": "meieri", "brand": "Tine"},
    {"gtin": demo.MINCE, "name": "Gilde Kjøttdeig 14 % 400 g", "price_ore": 5490,
     "vat_rate": 15, "group": "kjott", "member_price_ore": 4490, "brand": "Gilde"},
    {"gtin": demo.PARACET, "name": "Paracet 500 mg tabletter 20 stk", "price_ore": 5990,
     "vat_rate": 25, "group": "legemidler", "age_limit": 18, "brand": "Paracet"},
    {"gtin": demo.GIFT_CARD, "name": "Coop Gavekort 500 kr", "price_ore": 50000,
     "vat_rate": 0, "group": "gavekort", "brand": "Coop"},
    {"gtin": demo.NEWSPAPER, "name": "Aftenposten", "price_ore": 5000, "vat_rate": 0,
     "group": "aviser", "brand": "Aftenposten"},
    {"gtin": demo.GUM_GTIN8, "name": "Trident Tyggegummi mint", "price_ore": 2190,
     "vat_rate": 15, "group": "snacks", "brand": "Trident"},
    {"gtin": demo.PIZZA, "name": "Grandiosa Pizza Original 1 stk", "price_ore": 5990,
     "vat_rate": 15, "group": "frysevarer", "brand": "Grandiosa"},
)

# (name, PLU, price per kg in øre): IFPS-style PLUs for loose fruit and vegetables.
LOOSE_PRODUCE: tuple[tuple[str, str, int], ...] = (
    ("Epler Pink Lady", "4130", 3990), ("Epler Royal Gala", "4173", 3490),
    ("Epler Granny Smith", "4139", 3490), ("Epler Aroma", "4101", 3290),
    ("Pærer Conference", "4409", 3990), ("Appelsiner", "3107", 2990),
    ("Klementiner", "4450", 3490), ("Sitroner", "4053", 3990), ("Lime", "4048", 4990),
    ("Kiwi", "3279", 3990), ("Mango", "4959", 4490), ("Avokado", "4046", 5990),
    ("Nektariner", "4036", 4490), ("Plommer", "4040", 4990), ("Druer grønne", "4022", 5990),
    ("Druer røde", "4023", 5990), ("Poteter", "4072", 1990), ("Mandelpoteter", "4727", 3990),
    ("Søtpotet", "4816", 3490), ("Gulrøtter", "4562", 1990), ("Løk", "4093", 1990),
    ("Rødløk", "4082", 2990), ("Sjalottløk", "4662", 4990), ("Tomater", "4664", 3990),
    ("Ingefær", "4612", 6990), ("Kålrot", "4747", 1990), ("Hodekål", "4069", 1990),
    ("Purre", "4629", 3990), ("Sjampinjong", "4645", 7990), ("Paprika rød", "4088", 5990),
    ("Squash", "4067", 3990), ("Pastinakk", "4672", 3990), ("Selleri", "4583", 3490),
    ("Rødbeter", "4539", 2990), ("Fennikel", "4515", 4990),
)

# (item reference, name, group, price per kg in øre): weighed and labelled at the counter.
COUNTER_WEIGHT: tuple[tuple[str, str, str, int], ...] = (
    ("10002", "Jarlsberg fra ostedisken", "meieri", 15900),
    ("10003", "Gudbrandsdalsost fra ostedisken", "meieri", 13900),
    ("10004", "Spekeskinke fra delikatessedisken", "palegg", 29900),
    ("10005", "Fenalår fra delikatessedisken", "palegg", 34900),
    ("10006", "Reker kokte fra fiskedisken", "fisk", 17900),
    ("10007", "Laksefilet fra fiskedisken", "fisk", 24900),
    ("10008", "Torskefilet fra fiskedisken", "fisk", 21900),
    ("10009", "Karbonadedeig fra kjøttdisken", "kjott", 16900),
    ("10010", "Svinekoteletter fra kjøttdisken", "kjott", 12900),
    ("10011", "Salatbar", "frukt_gront", 17900),
    ("10012", "Oliven fra delikatessedisken", "palegg", 19900),
    ("10013", "Godteri løsvekt", "snacks", 11900),
    ("10014", "Nøtter løsvekt", "snacks", 18900),
)

# (item reference, name, group, reference price per kg in øre): price printed in the label.
LABEL_PRICED: tuple[tuple[str, str, str, int], ...] = (
    ("20002", "Kjøttdisk Indrefilet av storfe", "kjott", 69900),
    ("20003", "Kjøttdisk Svinefilet", "kjott", 22900),
    ("20004", "Kjøttdisk Lammecarré", "kjott", 44900),
    ("20005", "Kjøttdisk Kyllingfilet", "kjott", 19900),
    ("20006", "Fiskedisk Kveitefilet", "fisk", 39900),
    ("20007", "Fiskedisk Røkt laks", "fisk", 32900),
    ("20008", "Ostedisk Brie", "meieri", 24900),
    ("20009", "Ostedisk Parmesan", "meieri", 39900),
    ("20010", "Bakeri Sjokoladekake stykke", "brod", 19900),
)

# (name, group, VAT %, price in øre, excluded from dividend)
FIXED_ITEMS: tuple[tuple[str, str, int, int, bool], ...] = (
    ("VG", "aviser", 0, 4500, False), ("Dagbladet", "aviser", 0, 4500, False),
    ("Dagens Næringsliv", "aviser", 0, 6000, False), ("Klassekampen", "aviser", 0, 4500, False),
    ("Adresseavisen", "aviser", 0, 5000, False), ("Bergens Tidende", "aviser", 0, 5000, False),
    ("Stavanger Aftenblad", "aviser", 0, 5000, False), ("Vårt Land", "aviser", 0, 4500, False),
    ("Nationen", "aviser", 0, 4500, False), ("Morgenbladet", "aviser", 0, 7900, False),
    ("Bussbillett enkel voksen", "billetter", 12, 4200, True),
    ("Bussbillett enkel barn", "billetter", 12, 2100, True),
    ("Periodebillett 7 dager", "billetter", 12, 31300, True),
    ("Fergebillett voksen", "billetter", 12, 4900, True),
    ("Coop Gavekort 200 kr", "gavekort", 0, 20000, False),
    ("Coop Gavekort 1000 kr", "gavekort", 0, 100000, False),
    ("Bæreposer plast", "husholdning", 25, 300, False),
    ("Bærenett gjenbruk", "husholdning", 25, 1990, False),
)
