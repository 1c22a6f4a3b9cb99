"""The product families the catalog generator expands: brands × items × variants × sizes.

Pure data. A family's name pattern is `{brand} {item} {variant} {size}` (empty
parts dropped). Prices are a range in whole kroner for a size multiplier of
100 %; each size scales it. Drinks get pant by volume and alcohol flags by ABV
(in hundredths of a percent). `limit` caps how many combinations are kept (a
seeded sample, so the same ones every run).
"""

from __future__ import annotations

from dataclasses import dataclass

# (label, price multiplier in %, volume in ml or None)
Size = tuple[str, int, int | None]


@dataclass(frozen=True)
class Family:
    group: str
    brands: tuple[str, ...]
    items: tuple[str, ...]
    sizes: tuple[Size, ...]
    price_kr: tuple[int, int]
    variants: tuple[str, ...] = ("",)
    limit: int | None = None
    vat_rate: int | None = None
    abv_centi: tuple[int, int] | None = None
    deposit: bool = False
    dividend_excluded: bool = False


def sizes(*specs: str) -> tuple[Size, ...]:
    """`sizes("125 g:100", "0,5 l boks:100:500")` → ((label, multiplier, volume_ml), …)."""
    out = []
    for spec in specs:
        parts = spec.split(":")
        out.append((parts[0], int(parts[1]), int(parts[2]) if len(parts) > 2 else None))
    return tuple(out)


SODA_SIZES = sizes("0,33 l boks:100:330", "0,5 l flaske:120:500", "1,5 l flaske:190:1500")
BEER_SIZES = sizes("0,33 l boks:100:330", "0,5 l boks:135:500", "0,33 l flaske:105:330")

FOOD = (
    # -- meieri ---------------------------------------------------------------------------
    Family("meieri", ("Tine", "Q", "Røros", "Coop"),
           ("Helmelk", "Lettmelk", "Ekstra lett melk", "Skummet melk", "Laktosefri lettmelk",
            "Kulturmelk", "Økologisk helmelk"),
           sizes("0,5 l:60", "1 l:100", "1,75 l:165"), (19, 27)),
    Family("meieri", ("Tine", "Q", "Coop"),
           ("Yoghurt", "Gresk yoghurt", "Skyr", "Kvarg"),
           sizes("125 g:100", "500 g:320", "4x125 g:360"), (9, 13),
           variants=("Jordbær", "Vanilje", "Bringebær", "Blåbær", "Skogsbær", "Naturell",
                     "Mango", "Pære", "Kirsebær"), limit=110),
    Family("meieri", ("Tine", "Synnøve", "Coop", "Ostecompagniet"),
           ("Norvegia", "Jarlsberg", "Gudbrandsdalsost", "Nøkkelost", "Gulost", "Ridderost",
            "Brunost", "Mozzarella", "Revet ost", "Hvitost", "Edamer", "Cheddar"),
           sizes("150 g:45", "500 g:100", "1 kg:185"), (69, 119),
           variants=("", "skivet", "lett"), limit=110),
    Family("meieri", ("Tine", "Mills", "Coop"),
           ("Meierismør", "Bremykt", "Brelett", "Melange", "Soft Flora", "Smøremyk"),
           sizes("250 g:100", "500 g:180"), (27, 42)),
    Family("meieri", ("Tine", "Q", "Coop"),
           ("Lettrømme", "Seterrømme", "Kremfløte", "Matfløte", "Cottage cheese", "Kesam",
            "Crème fraîche", "Kefir"),
           sizes("0,3 l:100", "0,5 l:150"), (19, 32)),
    Family("meieri", ("Prior", "Coop", "Gårdsegg"),
           ("Egg frittgående", "Egg økologiske", "Egg fra frittgående høner"),
           sizes("6 stk:100", "12 stk:180", "18 stk:250"), (29, 42)),
    # -- frukt og grønt (packed; loose produce is in LOOSE_PRODUCE) -----------------------
    Family("frukt_gront", ("Bama", "Coop", "Gartner"),
           ("Cherrytomater", "Sjampinjong", "Salatmix", "Babyspinat", "Blåbær", "Jordbær",
            "Druer grønne", "Druer røde", "Sukkererter", "Ruccula", "Bringebær", "Reddiker"),
           sizes("125 g:60", "250 g:100", "500 g:180"), (19, 39), limit=60),
    Family("frukt_gront", ("Bama", "Coop", "Gartner"),
           ("Gulrøtter", "Poteter", "Løk", "Epler", "Klementiner", "Appelsiner", "Rødbeter",
            "Kålrot"),
           sizes("1 kg pose:100", "2 kg pose:170"), (19, 35)),
    Family("frukt_gront", ("Bama", "Coop"),
           ("Isbergsalat", "Agurk", "Paprika rød", "Paprika gul", "Brokkoli", "Blomkål",
            "Avokado", "Hvitløk", "Ingefær", "Purre", "Squash", "Mais", "Ananas", "Melon"),
           sizes("stk:100"), (12, 39)),
    # -- brød -----------------------------------------------------------------------------
    Family("brod", ("Bakers", "Mesterbakeren", "Coop", "Bakehuset", "Hjemmebakeriet"),
           ("Grovbrød", "Kneippbrød", "Loff", "Havrebrød", "Speltbrød", "Rugbrød", "Fiberbrød",
            "Helkornbrød", "Landbrød", "Fjellbrød", "Frøbrød", "Gulrotbrød", "Byggbrød"),
           sizes("500 g:80", "750 g:100"), (32, 49)),
    Family("brod", ("Bakers", "Mesterbakeren", "Coop"),
           ("Rundstykker grove", "Rundstykker lyse", "Pølsebrød", "Hamburgerbrød",
            "Baguetter", "Ciabatta", "Skolebrød", "Kanelboller", "Horn"),
           sizes("4 stk:70", "6 stk:100", "10 stk:150"), (25, 45)),
    Family("brod", ("Wasa", "Sigdal", "Leksands", "Coop", "Polarbrød", "Ideal"),
           ("Knekkebrød", "Flatbrød", "Polarbrød", "Lomper", "Lefser", "Tortilla"),
           sizes("8 stk:100", "230 g:110", "500 g:170"), (22, 39), limit=50),
    # -- kjøtt ----------------------------------------------------------------------------
    Family("kjott", ("Gilde", "Prior", "Nordfjord", "Coop", "Grilstad", "Nortura"),
           ("Kjøttdeig 14 %", "Kjøttdeig 5 %", "Karbonadedeig", "Kyllingfilet", "Kyllinglår",
            "Kyllingkjøttdeig", "Svinekoteletter", "Bacon", "Grillpølser", "Wienerpølser",
            "Kjøttkaker", "Medisterkaker", "Svinenakke", "Entrecôte", "Indrefilet", "Lammelår",
            "Kjøttpølse", "Pinnekjøtt", "Ribbe", "Kyllingvinger", "Bogskinke", "Kalkunfilet"),
           sizes("400 g:100", "600 g:145", "900 g:200"), (45, 89), limit=190),
    # -- fisk -----------------------------------------------------------------------------
    Family("fisk", ("Lerøy", "Coop", "Findus", "Lofoten", "Salma", "Fiskemannen"),
           ("Laksefilet", "Torskefilet", "Seifilet", "Fiskekaker", "Fiskeboller", "Fiskepinner",
            "Reker i lake", "Røkt laks", "Gravlaks", "Fiskegrateng", "Panert torsk",
            "Ørretfilet", "Fiskepudding", "Krabbeskjell"),
           sizes("250 g:70", "400 g:100", "800 g:180"), (49, 99), limit=120),
    # -- pålegg ---------------------------------------------------------------------------
    Family("palegg", ("Stabburet", "Mills", "Coop", "Kavli", "Nora", "Gilde", "Prior",
                      "Ideal", "Idun"),
           ("Makrell i tomat", "Leverpostei", "Kaviar", "Majones", "Remulade", "Servelat",
            "Kokt skinke", "Salami", "Kalkunpålegg", "Røkt skinke", "Spekepølse",
            "Syltetøy jordbær", "Syltetøy bringebær", "Honning", "Nugatti", "Rekeost",
            "Skinkeost", "Baconost", "Peanøttsmør", "Sylte"),
           sizes("100 g:70", "170 g:100", "350 g:170"), (24, 45), limit=180),
    # -- tørrvarer ------------------------------------------------------------------------
    Family("torrvarer", ("Toro", "Coop", "Knorr"),
           ("Lapskaus", "Fiskesuppe", "Tomatsuppe", "Kjøttsuppe", "Blomkålsuppe", "Pizzabunn",
            "Sjokoladekake", "Vafler", "Brun saus", "Hvit saus", "Jegergryte", "Tacogryte",
            "Pannekaker", "Lasagne", "Kyllinggryte"),
           sizes("1 pose:100", "2 poser:190"), (19, 39)),
    Family("torrvarer", ("Møllerens", "Regal", "Coop", "Dan Sukker", "Axa", "Bjørn"),
           ("Hvetemel", "Sammalt hvete", "Grahamsmel", "Havregryn", "Sukker", "Melis",
            "Müsli", "Cornflakes", "Speltmel", "Byggryn"),
           sizes("1 kg:100", "2 kg:180"), (19, 49), limit=80),
    Family("torrvarer", ("Barilla", "Coop", "Pastella", "Uncle Ben's", "Eldorado"),
           ("Spaghetti", "Penne", "Fusilli", "Makaroni", "Lasagneplater", "Jasminris",
            "Basmatiris", "Fullkornsris", "Eggnudler", "Couscous"),
           sizes("500 g:100", "1 kg:180"), (15, 39), limit=80),
    Family("torrvarer", ("Idun", "Heinz", "Coop"),
           ("Ketchup", "Sennep", "Grillsaus", "Majonesdressing"),
           sizes("250 g:70", "500 g:100", "1 kg:170"), (19, 35), limit=30),
    Family("torrvarer", ("Old El Paso", "Santa Maria", "Coop"),
           ("Tacokrydder", "Tacosaus mild", "Tacosaus medium", "Tortillachips", "Salsa",
            "Tacoskjell", "Guacamole krydder"),
           sizes("1 pk:100", "storpakning:180"), (15, 35)),
    Family("torrvarer", ("Eldorado", "Coop", "Mutti", "Go-Tan", "Blue Dragon"),
           ("Hermetiske tomater", "Kikerter", "Kidneybønner", "Mais", "Tomatpuré",
            "Kokosmelk", "Soyasaus", "Pesto", "Hvite bønner", "Linser"),
           sizes("400 g:100", "3x400 g:260"), (12, 29), limit=60),
    # -- frysevarer -----------------------------------------------------------------------
    Family("frysevarer", ("Grandiosa", "Big One", "Coop", "Dr. Oetker"),
           ("Pizza Original", "Pizza Pepperoni", "Pizza Skinke og ananas", "Tacopizza",
            "Pizza Favoritt", "Pizza Margherita", "Pizza Kebab"),
           sizes("1 stk:100", "2 stk:180"), (45, 69)),
    Family("frysevarer", ("Findus", "Coop", "Bama"),
           ("Grønnsaksblanding", "Erter", "Brokkoli", "Pommes frites", "Wokgrønnsaker",
            "Frosne bringebær", "Frosne blåbær", "Spinat", "Kyllingnuggets", "Fiskeburger"),
           sizes("450 g:100", "1 kg:190"), (25, 59)),
    Family("frysevarer", ("Hennig-Olsen", "Diplom-Is", "Coop"),
           ("Vaniljeis", "Sjokoladeis", "Jordbæris", "Krone-is", "Sandwich-is", "Sorbet",
            "Lollipop", "Softis"),
           sizes("1 stk:40", "6 stk:160", "2 l:100"), (39, 69), limit=60),
    # -- snacks og godteri ----------------------------------------------------------------
    Family("snacks", ("Freia", "Nidar", "Coop"),
           ("Melkesjokolade", "Kvikk Lunsj", "Firkløver", "Daim", "Smil", "Stratos", "Troika",
            "Bamsemums", "Laban", "Smash", "Favoritter", "Mørk sjokolade 70 %", "Japp",
            "Seigmenn", "Sjokoladerosiner", "Non Stop"),
           sizes("47 g:35", "200 g:100", "400 g:180"), (22, 49), limit=120),
    Family("snacks", ("Sørlandschips", "Maarud", "Kims", "Polly", "Coop", "Olw"),
           ("Potetgull salt", "Potetgull havsalt", "Potetgull paprika",
            "Sour cream & onion", "Cheez Doodles", "Peanøtter saltet", "Cashewnøtter",
            "Popcorn", "Tortillachips", "Snacksmix", "Salte kjeks", "Saltstenger"),
           sizes("100 g:60", "200 g:100", "300 g:140"), (25, 45), limit=150),
    Family("snacks", ("Freia", "Nidar", "Coop", "Trident", "Extra", "Läkerol", "Fisherman's"),
           ("Tyggegummi", "Pastiller", "Drops", "Lakris"), sizes("1 pk:100", "storpakke:250"),
           (12, 25), variants=("mint", "frukt", "salmiakk"), limit=40),
    # -- drikke (alkoholfritt) -------------------------------------------------------------
    Family("drikke", ("Coca-Cola", "Pepsi", "Solo", "Urge", "Fanta", "Sprite", "Mozell",
                      "Farris", "Imsdal", "Olden", "Bonaqua", "Villa"),
           ("Original", "Zero", "Lime", "Sitron", "Naturell", "Appelsin", "Bringebær"),
           SODA_SIZES, (19, 26), limit=150, deposit=True),
    Family("drikke", ("Red Bull", "Monster", "Battery", "Burn", "Celsius"),
           ("Energidrikk", "Energidrikk sukkerfri", "Energidrikk tropisk"),
           sizes("0,25 l boks:100:250", "0,5 l boks:150:500"), (22, 29), deposit=True),
    Family("drikke", ("Tine", "Sunniva", "Brämhults", "Coop", "God Morgen"),
           ("Appelsinjuice", "Eplejuice", "Multivitaminjuice", "Tropisk juice",
            "Appelsinjuice med fruktkjøtt", "Eplemost", "Solbærtoddy"),
           sizes("0,25 l:35:250", "1 l:100:1000", "1,75 l:160:1750"), (24, 39), limit=70),
    Family("drikke", ("Friele", "Evergood", "Ali", "Kjeldsberg", "Coop", "Joh. Johannson"),
           ("Filtermalt kaffe", "Kokmalt kaffe", "Hele bønner", "Pulverkaffe", "Espresso",
            "Kaffekapsler"),
           sizes("250 g:100", "500 g:185"), (49, 79)),
    Family("drikke", ("Lipton", "Twinings", "Coop", "Pickwick", "O'boy", "Nesquik"),
           ("Earl Grey", "Grønn te", "Kamillete", "Fruktte", "Kakao", "Chai"),
           sizes("20 poser:100", "40 poser:180"), (25, 45), limit=40),
)

NON_FOOD = (
    # -- øl og cider (25 %, 18 år, salgstid) ------------------------------------------------
    Family("ol", ("Ringnes", "Hansa", "Aass", "Mack", "Frydenlund", "Borg", "Tou", "Dahls",
                  "CB", "Arendals", "Lervig", "Grans"),
           ("Pilsner", "Bayer", "Lager", "IPA", "Fatøl", "Sommerøl", "Juleøl", "Amber",
            "Pale Ale", "Weissbier"),
           BEER_SIZES, (27, 39), limit=240, vat_rate=25, abv_centi=(450, 470), deposit=True),
    Family("ol", ("Grans", "Somersby", "Kopparberg", "Ringnes", "Hansa"),
           ("Eplecider", "Pærecider", "Cider jordbær og lime", "Cider bringebær", "Rusbrus"),
           BEER_SIZES, (29, 39), vat_rate=25, abv_centi=(450, 470), deposit=True),
    Family("ol", ("Aass", "Ringnes", "Hansa", "Mack", "Frydenlund", "Borg"),
           ("Lettøl",), sizes("0,33 l boks:100:330", "0,5 l boks:135:500"), (21, 27),
           vat_rate=15, abv_centi=(200, 250), deposit=True),
    Family("ol", ("Aass", "Ringnes", "Hansa", "Mack", "Clausthaler", "Heineken"),
           ("Alkoholfri", "Alkoholfri IPA"), sizes("0,33 l boks:100:330", "0,5 l boks:135:500"),
           (19, 25), vat_rate=15, abv_centi=(0, 50), deposit=True),
    # -- tobakk og snus (25 %, 18 år, ingen kjøpeutbytte) -----------------------------------
    Family("tobakk", ("General", "Göteborgs Rapé", "Knox", "Skruf", "Røde Mix", "Lucky Strike",
                      "Marlboro", "Prince", "Petterøe's"),
           ("Original Portion", "White Portion", "Slim", "Løs", "Sigaretter 20 stk",
            "Rulletobakk 50 g"),
           sizes("1 stk:100"), (95, 139), limit=45),
    # -- husholdning ----------------------------------------------------------------------
    Family("husholdning", ("Zalo", "Sun", "Coop", "Fairy"),
           ("Oppvaskmiddel", "Oppvasktabletter", "Maskinoppvask gel", "Skyllemiddel"),
           sizes("1 stk:100", "storpakning:210"), (29, 89)),
    Family("husholdning", ("Omo", "Milo", "Blenda", "Coop", "Neutral"),
           ("Vaskemiddel color", "Vaskemiddel hvitt", "Tøymykner", "Flekkfjerner",
            "Ullvaskemiddel"),
           sizes("1 l:100", "2 l:180"), (39, 99)),
    Family("husholdning", ("Lambi", "Serla", "Coop", "Tork"),
           ("Toalettpapir", "Tørkerull", "Servietter", "Lommetørkle"),
           sizes("4 ruller:100", "8 ruller:180", "16 ruller:320"), (29, 59)),
    Family("husholdning", ("Jif", "Klorin", "Coop", "Ajax", "Krystal"),
           ("Allrengjøring", "Baderomsrengjøring", "Klorin", "Kjøkkenspray", "Gulvsåpe",
            "Glassrens"),
           sizes("0,5 l:100", "1 l:160"), (29, 59), limit=40),
    Family("husholdning", ("Toppits", "Coop", "Glad"),
           ("Fryseposer", "Bakepapir", "Aluminiumsfolie", "Avfallsposer", "Plastfolie",
            "Grillposer"),
           sizes("1 pk:100", "storpakning:180"), (19, 49)),
    Family("hygiene", ("Colgate", "Zendium", "Sens", "Jordan", "Coop"),
           ("Tannkrem", "Tannbørste medium", "Tannbørste myk", "Munnskyll", "Tanntråd"),
           sizes("1 stk:100", "2-pakning:180"), (29, 69), limit=40),
    Family("hygiene", ("Dove", "Lano", "Nivea", "Define", "Head & Shoulders", "Coop"),
           ("Dusjsåpe", "Håndsåpe", "Sjampo", "Balsam", "Deodorant", "Håndkrem",
            "Bodylotion", "Solkrem SPF 30"),
           sizes("250 ml:100", "500 ml:170"), (35, 89), limit=80),
    Family("hygiene", ("Libero", "Pampers", "Coop"),
           ("Bleier str 3", "Bleier str 4", "Bleier str 5", "Våtservietter", "Bukseble str 5"),
           sizes("1 pk:100", "storpakning:190"), (59, 149), limit=24),
    Family("hygiene", ("Always", "Libresse", "Gillette", "Coop"),
           ("Bind", "Truseinnlegg", "Tamponger", "Barberhøvler", "Barberskum", "Bomullspads"),
           sizes("1 pk:100"), (29, 89), limit=20),
    Family("legemidler", ("Paracet", "Ibux", "Pinex", "Otrivin", "Nezeril", "Paralgin",
                          "Ibumetin"),
           ("500 mg tabletter", "200 mg tabletter", "nesespray", "mikstur"),
           sizes("10 stk:100", "20 stk:160"), (39, 79), limit=24, vat_rate=25),
    Family("dyremat", ("Felix", "Whiskas", "Purina", "Coop"),
           ("Kattemat kylling", "Kattemat laks", "Kattemat biff", "Kattegodbiter"),
           sizes("85 g:25", "400 g:100", "2 kg:380"), (29, 59), limit=40),
    Family("dyremat", ("Pedigree", "Royal Canin", "Coop"),
           ("Hundemat biff", "Hundemat kylling", "Tørrfôr voksen", "Tyggeben"),
           sizes("400 g:100", "3 kg:420"), (29, 59)),
)
