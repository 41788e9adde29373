"""The "shapes" corpus: Dutch and English texts shaped like what an organisation's systems hold, labelled.

    python bench/pii/shapes.py            # writes bench/pii/shapes-dev.jsonl (seed 1) and shapes-test.jsonl (seed 2)

Five shapes: HR notes (sick-leave notes, absence registrations, re-integration and personnel-file notes), CRM
notes (account and call notes), support tickets, course catalogue entries (mostly no personal data: product and
software names, capitalised words after colons and at line starts) and log lines (web server, application and
SSH logs with IP addresses in every textual form). About 70 % Dutch, 30 % English. Both splits use the same
templates and vocabularies with another seed. Each line: ``{"id", "lang", "shape", "text", "spans"}``; a span
is ``{"start", "end", "type", "text"}``, recorded while the generator fills a template slot, never derived
from a detector. Values (BSN, IBAN, phone, postcode, licence plate, ID card, e-mail) come from ``corpus.py``'s
generators and pass its checks. The vocabularies below were written for this corpus.

Labelling rules:

- A special category (Art. 9/10 GDPR) span is the word or short phrase that reveals it about a person.
  HEALTH: diagnoses, complaints, symptoms, conditions, pregnancy ("zwanger", "zwangerschapsverlof"), sick
  leave ("ziekmelding", "ziek gemeld", "arbeidsongeschikt", "sick leave"), medication names and classes,
  treatments and therapies ("operatie aan de knie" is labelled "operatie"), disabilities. An adjective with
  "klachten"/"symptomen"/"symptoms" is one span ("depressieve klachten"). Procedure words that are not
  health data themselves are not labelled: bedrijfsarts, arbo-arts, huisarts, verzuimgesprek, re-integratie,
  plan van aanpak, occupational health adviser, return-to-work meeting.
- RELIGION: a person's faith or practice: "moslim", "katholiek", "Jewish"; an observed feast ("viert
  ramadan": "ramadan"); a place of worship a person attends ("gaat naar de moskee": "moskee").
- POLITICS: the party in a statement of membership, vote or office ("lid van de PvdA": "PvdA").
- UNION: the union's name in a statement of membership or representation, or "vakbondslid", "union member".
- SEXUALITY: explicit words only ("homo", "lesbisch", "bisexual", "same-sex partner", "coming-out").
- ETHNICITY: the origin phrase ("Marokkaanse afkomst", "Turkish origin" in "of Turkish origin").
- BIOMETRIC: the biometric data or method used on a person ("vingerafdruk", "gezichtsherkenning").
- GENETIC: test or finding ("DNA-test", "BRCA1-mutatie"); "erfelijke aanleg voor darmkanker" is one GENETIC
  span, no HEALTH inside it.
- CRIMINAL: the phrase about a conviction, record or sentence ("veroordeeld voor diefstal", "strafblad",
  "VOG geweigerd", "criminal record").
- NAME: persons' names, with their title or initials ("mw. Kaya", "J.P. de Vries"); a name only, no role word.
- IP: every public or private address, IPv4 (with a port: the address only) and IPv6 in all its forms; the
  zone is part of the span ("fe80::1ff:fe23:4567:890a%eth0"); bracketed, only the address inside the brackets;
  in a URL, only the address (no URL span). Loopback and unspecified addresses (127.0.0.1, ::1, 0.0.0.0, ::)
  are not labelled.
- URL: only links that point at a person (a profile or a user's id); IP URLs count as IP.
- Decoys, not labelled: software and product names (Excel, SharePoint, Teams, Windows SP2, Power BI),
  course titles ("EHBO-cursus", "Zorgverzekering vergelijken", world religions), server words ("health
  check", "virus scanner", "bug", "crash"), version numbers, times, hashes, loopback addresses.
"""

from __future__ import annotations

import ipaddress
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from corpus import (  # noqa: E402
    CITIES,
    FIRST,
    LAST,
    STREETS,
    birth,
    bsn,
    email,
    iban,
    id_card,
    phone,
    plate,
    postcode,
)
from shapes_templates import TEMPLATES  # noqa: E402

SPLITS = (("dev", 1, 1500), ("test", 2, 1200))
SHAPES = (("hr", 0.32), ("crm", 0.2), ("ticket", 0.2), ("course", 0.14), ("log", 0.14))
SPECIAL = ("HEALTH", "RELIGION", "POLITICS", "UNION", "SEXUALITY", "ETHNICITY", "BIOMETRIC", "GENETIC", "CRIMINAL")

# Names: the corpus's lists and more, written for this corpus
MORE_FIRST = ["Jeroen", "Marieke", "Wouter", "Annemiek", "Kees", "Ilse", "Pieter", "Merel", "Stijn", "Eva", "Hanneke",
              "Roel", "Naima", "Samira", "Emre", "Oguz", "Tessa", "Maarten", "Linda", "Ahmed", "Charlotte", "Oliver",
              "Emily", "James", "Sophie", "Harry", "Grace", "Thomas", "Lucy", "Daniel"]  # fmt: skip
MORE_LAST = ["de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos",
             "Hendriks", "van Leeuwen", "Dekker", "de Wit", "van der Meer", "van den Berg", "Jacobs", "de Haan",
             "Koster", "Prins", "Kaya", "El Amrani", "Öztürk", "Williams", "Taylor", "Hughes", "Evans"]  # fmt: skip
FIRSTS = FIRST + MORE_FIRST
LASTS = [n for n in LAST + MORE_LAST if n not in ("Groen",)]
TITLES = {"nl": ["mw.", "dhr.", "mevrouw", "meneer", "de heer", "dr.", "ir."], "en": ["Mrs", "Mr", "Ms", "Dr"]}


def full_name(rng: random.Random) -> str:
    last = rng.choice(LASTS)
    if rng.random() < 0.2 and " " not in last:
        last = f"{rng.choice(['van', 'de', 'van der', 'van den', 'ter'])} {last}"
    return f"{rng.choice(FIRSTS)} {last}"


def initials_name(rng: random.Random) -> str:
    initials = "".join(f"{rng.choice('ABCDEFGHJKLMNPRSTW')}." for _ in range(rng.randint(1, 3)))
    return f"{initials} {rng.choice(LASTS)}"


def title_name(rng: random.Random, lang: str) -> str:
    return f"{rng.choice(TITLES[lang])} {rng.choice(LASTS)}"


def any_name(rng: random.Random, lang: str) -> str:
    pick = rng.random()
    if pick < 0.5:
        return full_name(rng)
    if pick < 0.65:
        return initials_name(rng)
    if pick < 0.85:
        return title_name(rng, lang)
    return rng.choice(FIRSTS)


# Vocabularies. An entry "prefix|label|suffix" labels only its middle; an entry without "|" is labelled whole.
HEALTH_NL = ["griep", "rugklachten", "knieblessure", "hernia", "longontsteking", "migraine", "een migraineaanval",
             "burn-outklachten", "een burn-out", "hartproblemen", "COVID-19", "corona", "ADHD", "dyslexie",
             "depressieve klachten", "een depressie", "angstklachten", "paniekaanvallen", "slapeloosheid", "hoofdpijn",
             "buikgriep", "bronchitis", "astma", "diabetes", "suikerziekte", "hoge bloeddruk", "reuma", "artrose",
             "fibromyalgie", "een whiplash", "een hersenschudding", "een gebroken pols", "een enkelblessure",
             "schouderklachten", "nekklachten", "RSI", "een tenniselleboog", "ischias", "bekkeninstabiliteit",
             "zwangerschapsmisselijkheid", "borstkanker", "darmkanker", "longkanker", "leukemie", "epilepsie",
             "multiple sclerose", "de ziekte van Crohn", "prikkelbaredarmsyndroom", "PTSS", "autisme",
             "een bipolaire stoornis", "overspannenheid", "stressklachten", "tinnitus", "een oorontsteking",
             "keelontsteking", "een blaasontsteking", "nierstenen", "galstenen", "een blindedarmontsteking",
             "een hartinfarct", "een beroerte", "een herseninfarct", "long covid", "de ziekte van Pfeiffer",
             "de ziekte van Lyme", "eczeem", "psoriasis", "hooikoorts", "coeliakie", "lactose-intolerantie",
             "een eetstoornis", "anorexia", "een alcoholverslaving", "gehoorverlies", "slechtziendheid",
             "chronische vermoeidheid", "bloedarmoede", "schildklierproblemen", "trombose", "een longembolie",
             "concentratieproblemen", "vermoeidheidsklachten", "duizeligheid", "maagklachten", "darmklachten",
             "psychische klachten", "lichamelijke klachten", "psychosomatische klachten", "depressieve symptomen",
             "een |hernia| in de nek", "kniepijn", "een gescheurde meniscus", "een zweepslag", "koorts",
             "een angststoornis", "een chronische longziekte", "COPD", "een hartritmestoornis", "spierreuma",
             "een gebroken enkel", "slaapproblemen", "hyperventilatie",
             "een zenuwontsteking", "artritis", "een auto-immuunziekte", "jicht"]  # fmt: skip
HEALTH_EN = ["flu", "back pain", "a knee injury", "a slipped disc", "pneumonia", "migraine", "a migraine attack",
             "burnout", "heart problems", "COVID-19", "ADHD", "dyslexia", "depression", "anxiety", "panic attacks",
             "insomnia", "headaches", "a stomach bug", "asthma", "diabetes", "high blood pressure", "arthritis",
             "whiplash", "a concussion", "a broken wrist", "a sprained ankle", "RSI", "sciatica", "morning sickness",
             "breast cancer", "bowel cancer", "cancer", "epilepsy", "multiple sclerosis", "Crohn's disease", "IBS",
             "PTSD", "autism", "bipolar disorder", "work-related stress", "long COVID", "glandular fever",
             "Lyme disease", "eczema", "hay fever", "coeliac disease", "an eating disorder", "hearing loss",
             "chronic fatigue", "anaemia", "thyroid problems", "a stroke", "a heart attack", "tinnitus",
             "depressive symptoms", "mental health problems", "a chest infection", "tonsillitis", "shingles",
             "a torn ligament", "kidney stones", "appendicitis", "vertigo", "gout", "a frozen shoulder"]  # fmt: skip
MED_NL = ["ibuprofen", "paracetamol", "antidepressiva", "insuline", "oxazepam", "methylfenidaat", "Ritalin",
          "prednison", "antibiotica", "bloedverdunners", "morfine", "diclofenac", "sertraline", "lithium",
          "metformine", "slaapmiddelen", "pijnstillers", "bètablokkers", "oxycodon", "tramadol", "omeprazol",
          "levothyroxine", "citalopram", "naproxen"]  # fmt: skip
MED_EN = ["ibuprofen", "paracetamol", "antidepressants", "insulin", "sertraline", "fluoxetine", "methylphenidate",
          "Ritalin", "prednisolone", "antibiotics", "blood thinners", "morphine", "codeine", "beta blockers",
          "painkillers", "statins", "an inhaler", "co-codamol"]  # fmt: skip
TREAT_NL = ["fysiotherapie", "een chemokuur", "chemotherapie", "bestraling", "een knieoperatie", "een heupoperatie",
            "psychotherapie", "EMDR", "cognitieve gedragstherapie", "dialyse", "ergotherapie", "haptotherapie",
            "een ziekenhuisopname", "een IVF-behandeling", "revalidatie", "een kijkoperatie", "een maagverkleining",
            "logopedie", "een GGZ-behandeling", "een rugoperatie", "oefentherapie", "manuele therapie",
            "een hartkatheterisatie", "immunotherapie"]  # fmt: skip
TREAT_EN = ["physiotherapy", "chemotherapy", "radiotherapy", "knee surgery", "a hip replacement", "counselling",
            "CBT", "dialysis", "occupational therapy", "IVF treatment", "a hospital admission", "rehabilitation",
            "keyhole surgery", "speech therapy", "back surgery", "a heart bypass"]  # fmt: skip
SICK_NL = ["heeft zich |ziek gemeld|", "is |arbeidsongeschikt|", "is |gedeeltelijk arbeidsongeschikt|",
           "is |langdurig ziek|", "is |ziekgemeld|", "is sinds maandag |ziek|", "heeft |ziekteverlof|",
           "is |volledig arbeidsongeschikt|", "werkt |halve dagen op arbeidstherapeutische basis|"]  # fmt: skip
SICK_EN = ["is on |sick leave|", "was |signed off sick|", "is |off sick|", "has a |fit note| for two weeks",
           "is |unfit for work|", "called in |sick|", "is on |long-term sick leave|"]  # fmt: skip
RELIGION_NL = ["is |moslim|", "is |katholiek|", "is |protestants|", "is |gereformeerd|", "is |joods|", "is |hindoe|",
               "is |boeddhist|", "is |christen|", "is |atheïst|", "is |evangelisch|", "is |praktiserend moslim|",
               "is |orthodox-joods|", "viert |ramadan|", "viert het |Suikerfeest|", "viert het |Offerfeest|",
               "viert |Divali|", "viert |Jom Kipoer|", "viert |Pesach|", "gaat op vrijdag naar de |moskee|",
               "gaat op zaterdag naar de |synagoge|", "gaat op zondag naar de |kerkdienst|",
               "houdt de |sabbat|"]  # fmt: skip
RELIGION_EN = ["is |Muslim|", "is |Catholic|", "is |Protestant|", "is |Jewish|", "is |Hindu|", "is |Buddhist|",
               "is a |practising Christian|", "is an |atheist|", "is |Sikh|", "is |Evangelical|",
               "observes |Ramadan|", "celebrates |Eid|", "observes |Yom Kippur|", "celebrates |Diwali|",
               "observes |Passover|", "goes to the |mosque| on Fridays", "attends |synagogue| on Saturdays",
               "goes to the |gurdwara| every week", "keeps the |Sabbath|"]  # fmt: skip
PARTY_NL = ["de |PvdA|", "de |VVD|", "het |CDA|", "|D66|", "|GroenLinks|", "de |SP|", "de |PVV|", "de |ChristenUnie|",
            "de |SGP|", "de |Partij voor de Dieren|", "de |BBB|", "|JA21|", "|Volt|", "|DENK|",
            "|Forum voor Democratie|", "|50PLUS|", "|GroenLinks-PvdA|"]  # fmt: skip
PARTY_EN = ["the |Labour Party|", "|Labour|", "the |Conservative Party|", "the |Conservatives|",
            "the |Liberal Democrats|", "the |Green Party|", "the |SNP|", "|Reform UK|", "|Plaid Cymru|",
            "the |Democratic Party|", "the |Republican Party|", "|Sinn Féin|", "the |PvdA|", "|D66|"]  # fmt: skip
UNION_NL = ["de |FNV|", "het |CNV|", "|FNV Zorg & Welzijn|", "|FNV Metaal|", "|FNV Overheid|", "|FNV Handel|",
            "|CNV Vakmensen|", "|CNV Connectief|", "de |VCP|", "de |AVV|", "de |AC|", "de |FBZ|", "de |CMHF|",
            "|NU'91|", "|De Unie|"]  # fmt: skip
UNION_EN = ["|Unison|", "|Unite|", "the |GMB|", "the |NEU|", "the |RCN|", "the |UCU|", "the |PCS|", "|Usdaw|",
            "the |FNV|", "the |CNV|", "the |BMA|", "the |RMT|", "|Prospect|"]  # fmt: skip
SEX_NL = ["|homo|", "|homoseksueel|", "|lesbisch|", "|lesbienne|", "|biseksueel|", "|aseksueel|", "|panseksueel|",
          "|queer|", "|homofiel|"]  # fmt: skip
SEX_REL_NL = ["een |homoseksuele relatie|", "een |lesbische relatie|",
              "een |relatie met iemand van hetzelfde geslacht|", "een |partner van hetzelfde geslacht|"]  # fmt: skip
SEX_EN = ["|gay|", "|lesbian|", "|bisexual|", "|homosexual|", "|asexual|", "|pansexual|", "|queer|"]
SEX_REL_EN = ["a |same-sex partner|", "a |same-sex relationship|", "a |gay relationship|", "a |lesbian relationship|",
              "a |same-sex marriage|"]  # fmt: skip
ETH_NL = ["Marokkaanse afkomst", "Turkse afkomst", "Surinaamse afkomst", "Surinaams-Hindoestaanse afkomst",
          "Antilliaanse afkomst", "Molukse afkomst", "Koerdische afkomst", "Somalische afkomst", "Eritrese afkomst",
          "Chinese afkomst", "Kaapverdiaanse afkomst", "Ghanese afkomst", "Roma-afkomst", "Indische afkomst",
          "Afghaanse afkomst", "Syrische afkomst"]  # fmt: skip
ETH_EN = ["Turkish origin", "Moroccan origin", "Surinamese descent", "Somali descent", "Pakistani heritage",
          "Nigerian heritage", "Caribbean heritage", "Kurdish origin", "Roma background", "Chinese descent",
          "Ghanaian descent", "Eritrean origin", "Indian heritage", "Bangladeshi heritage",
          "Irish Traveller background"]  # fmt: skip
BIO_NL = ["vingerafdruk", "vingerafdrukken", "vingerafdrukscan", "gezichtsherkenning", "gezichtsscan", "irisscan",
          "netvliesscan", "handpalmscan", "handgeometrie", "stemherkenning", "stemafdruk", "biometrische gegevens",
          "biometrisch sjabloon", "gelaatsscan"]  # fmt: skip
BIO_EN = ["fingerprint", "fingerprints", "fingerprint scan", "facial recognition", "face scan", "iris scan",
          "retina scan", "palm scan", "palm vein scan", "voice print", "voice recognition", "biometric data",
          "biometric template", "hand geometry"]  # fmt: skip
GEN_TEST_NL = ["DNA-test", "DNA-onderzoek", "erfelijkheidsonderzoek", "genetisch onderzoek", "genetische test",
               "dragerschapstest", "exoomonderzoek", "DNA-analyse"]  # fmt: skip
GEN_FIND_NL = ["BRCA1-mutatie", "BRCA2-mutatie", "erfelijke aanleg voor darmkanker",
               "erfelijke aanleg voor borstkanker", "genmutatie", "gendefect",
               "erfelijke aanleg voor hartritmestoornissen", "afwijkende DNA-uitslag"]  # fmt: skip
GEN_TEST_EN = ["DNA test", "genetic test", "genetic screening test", "carrier screening test", "whole-genome test",
               "exome test", "DNA analysis", "predictive genetic test"]  # fmt: skip
GEN_FIND_EN = ["BRCA1 mutation", "BRCA2 mutation", "hereditary predisposition to bowel cancer", "gene mutation",
               "hereditary predisposition to breast cancer", "genetic defect", "positive DNA result"]  # fmt: skip
CRIME_NL = ["heeft een |strafblad|", "kreeg een |taakstraf|", "kreeg een |werkstraf| van 80 uur",
            "zat een |gevangenisstraf| uit", "kreeg een |voorwaardelijke straf|", "droeg een |enkelband|",
            "heeft een |strafrechtelijk verleden|", "is |veroordeeld voor diefstal|",
            "is |veroordeeld voor mishandeling|",
            "is |veroordeeld voor fraude|", "was |gedetineerd|", "staat onder toezicht van de |reclassering|",
            "werd |aangehouden| voor rijden onder invloed", "zat in |voorarrest|", "kreeg de |VOG geweigerd|",
            "heeft een |veroordeling| voor verduistering", "staat in de |justitiële documentatie|",
            "kreeg |geen VOG|"]  # fmt: skip
CRIME_EN = ["has a |criminal record|", "was |convicted of theft|", "was |convicted of fraud|",
            "has a |conviction| for assault", "served a |prison sentence|", "received a |suspended sentence|",
            "did a |community service order|", "is |on probation|", "was |arrested| for drink-driving",
            "was |charged with| assault", "served a |custodial sentence|", "wore an |electronic tag|",
            "has a |spent conviction|", "received a |police caution|", "was held |in custody|"]  # fmt: skip
BODY_NL = ["de knie", "de schouder", "de heup", "de rug", "de enkel", "de pols", "de voet"]
BODY_EN = ["the knee", "the shoulder", "the hip", "the back", "the ankle", "the wrist"]

VOCAB: dict[str, tuple[str, dict[str, list[str]]]] = {
    "H": ("HEALTH", {"nl": HEALTH_NL, "en": HEALTH_EN}), "MED": ("HEALTH", {"nl": MED_NL, "en": MED_EN}),
    "TREAT": ("HEALTH", {"nl": TREAT_NL, "en": TREAT_EN}), "SICK": ("HEALTH", {"nl": SICK_NL, "en": SICK_EN}),
    "REL": ("RELIGION", {"nl": RELIGION_NL, "en": RELIGION_EN}),
    "PARTY": ("POLITICS", {"nl": PARTY_NL, "en": PARTY_EN}),
    "UNION": ("UNION", {"nl": UNION_NL, "en": UNION_EN}), "SEX": ("SEXUALITY", {"nl": SEX_NL, "en": SEX_EN}),
    "SEXREL": ("SEXUALITY", {"nl": SEX_REL_NL, "en": SEX_REL_EN}), "ETH": ("ETHNICITY", {"nl": ETH_NL, "en": ETH_EN}),
    "BIO": ("BIOMETRIC", {"nl": BIO_NL, "en": BIO_EN}),
    "GENTEST": ("GENETIC", {"nl": GEN_TEST_NL, "en": GEN_TEST_EN}),
    "GENFIND": ("GENETIC", {"nl": GEN_FIND_NL, "en": GEN_FIND_EN}),
    "CRIME": ("CRIMINAL", {"nl": CRIME_NL, "en": CRIME_EN}),
    "BODY": ("", {"nl": BODY_NL, "en": BODY_EN}),
}  # fmt: skip


# IP addresses in every textual form; markup as in the vocabularies ("[|2001:db8::1|]:443")
def ipv4(rng: random.Random) -> str:
    first = rng.choice([rng.randint(11, 126), rng.randint(128, 223), 10, 172, 192, 198, 203])
    second = {172: rng.randint(16, 31), 192: 168 if rng.random() < 0.5 else 0}.get(first, rng.randint(0, 255))
    return f"{first}.{second}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def ipv6(rng: random.Random) -> ipaddress.IPv6Address:
    prefix = rng.choice(["2001:db8", "2a02:10b0", "2a01:4f8", "2001:67c", "2a00:1450", "fd12:3456", "2a02:a46f"])
    groups = prefix.split(":") + [f"{rng.randint(0, 0xFFFF):x}" for _ in range(6)]
    if rng.random() < 0.75:
        start = rng.randint(2, 6)
        for i in range(start, min(8, start + rng.randint(2, 4))):
            groups[i] = "0"
    return ipaddress.IPv6Address(":".join(groups))


def link_local(rng: random.Random) -> str:
    return f"fe80::{rng.randint(1, 0xFFF):x}:{rng.randint(0, 0xFFFF):x}:{rng.randint(1, 0xFFFF):x}"


IP_FORMS: dict[str, Callable[[random.Random], str]] = {
    "v4": lambda rng: f"|{ipv4(rng)}|",
    "v4 port": lambda rng: f"|{ipv4(rng)}|:{rng.choice([443, 8443, 8080, 51234])}",
    "v6 compressed": lambda rng: f"|{ipv6(rng).compressed}|",
    "v6 full": lambda rng: f"|{ipv6(rng).exploded}|",
    "v6 unpadded": lambda rng: "|" + ":".join(f"{int(g, 16):x}" for g in ipv6(rng).exploded.split(":")) + "|",
    "v6 upper": lambda rng: f"|{ipv6(rng).compressed.upper()}|",
    "v4-mapped": lambda rng: f"|::ffff:{ipv4(rng)}|",
    "link-local zone": lambda rng: f"|{link_local(rng)}%{rng.choice(['eth0', 'en0', 'wlan0', '3'])}|",
    "bracketed port": lambda rng: f"[|{ipv6(rng).compressed}|]:{rng.choice([443, 8443, 22])}",
    "url v4": lambda rng: f"http://|{ipv4(rng)}|/{rng.choice(['login', 'api/v2/users', 'health', 'admin'])}",
    "url v6": lambda rng: f"https://[|{ipv6(rng).compressed}|]:8443/{rng.choice(['login', 'status'])}",
    "fixed": lambda rng: "|" + rng.choice(["2a02:10b0:6ba2:f04c::7b4d", "2001:db8:85a3::8a2e:370:7334", "fe80::1",
                                           "fe80::1ff:fe23:4567:890a%eth0", "::ffff:192.0.2.128"]) + "|",
}  # fmt: skip


def person_url(rng: random.Random) -> str:
    user = f"{rng.choice(FIRSTS).lower()}.{rng.choice(MORE_LAST).lower().replace(' ', '')}"
    contact, employee = rng.randint(1000, 99999), rng.randint(10000, 999999)
    return rng.choice([f"https://intranet.example.nl/mensen/{user}", f"https://crm.example.com/contacts/{contact}",
                       f"https://portal.example.nl/medewerker?id={employee}"])  # fmt: skip


def dob(rng: random.Random, lang: str) -> str:
    return birth(rng, lang)


def address(rng: random.Random) -> str:
    return f"{rng.choice(STREETS)} {rng.randint(1, 250)}{rng.choice(['', '', 'a', 'B'])}"


LOG_FORMS = ("v4", "v4", "v6 compressed", "v6 full", "v6 upper", "v4-mapped", "fixed")
COMPANIES = ["Hoekstra Installatietechniek", "Bouwbedrijf De Vaart", "Zorggroep Oost", "Kinderopvang Het Speelhuis",
             "Drukkerij Van Dam", "Acme Logistics BV"]  # fmt: skip


# Slots that make a value: key -> (kind, maker)
VALUES: dict[str, tuple[str, Callable[[random.Random, str], str]]] = {
    "EMAIL": ("EMAIL", lambda rng, lang: email(rng)), "PHONE": ("PHONE", lambda rng, lang: phone(rng)),
    "IBAN": ("IBAN", lambda rng, lang: iban(rng)), "BSN": ("BSN", lambda rng, lang: bsn(rng)),
    "POSTCODE": ("POSTCODE", lambda rng, lang: postcode(rng)), "PLATE": ("LICENCE_PLATE", lambda rng, lang: plate(rng)),
    "IDNR": ("ID_NUMBER", lambda rng, lang: id_card(rng)), "DOB": ("DATE_OF_BIRTH", dob),
    "KVK": ("KVK", lambda rng, lang: str(rng.randint(10_000_000, 99_999_999))),
    "ADDRESS": ("ADDRESS", lambda rng, lang: address(rng)),
    "URL": ("URL", lambda rng, lang: person_url(rng)),
    "IP": ("IP", lambda rng, lang: rng.choice(list(IP_FORMS.values()))(rng)),
    "IPT": ("IP", lambda rng, lang: rng.choice([f for k, f in IP_FORMS.items() if not k.startswith("url")])(rng)),
    "IPA": ("IP", lambda rng, lang: rng.choice([IP_FORMS[k] for k in LOG_FORMS])(rng)),
    "IPURL": ("IP", lambda rng, lang: rng.choice([IP_FORMS["url v4"], IP_FORMS["url v6"]])(rng)),
    "IP4": ("IP", lambda rng, lang: IP_FORMS["v4"](rng)),
    "FULL": ("NAME", lambda rng, lang: full_name(rng)), "INIT": ("NAME", lambda rng, lang: initials_name(rng)),
    "TITLE": ("NAME", title_name), "FIRST": ("NAME", lambda rng, lang: rng.choice(FIRSTS)),
    # not labelled
    "CITY": ("", lambda rng, lang: rng.choice(CITIES)), "N": ("", lambda rng, lang: str(rng.randint(2, 12))),
    "DATE": ("", lambda rng, lang: f"{rng.randint(1, 28)}-{rng.randint(1, 12)}-2026"),
    "TIME": ("", lambda rng, lang: f"{rng.randint(7, 18):02d}:{rng.choice(['00', '15', '30', '45'])}"),
    "TICKET": ("", lambda rng, lang: str(rng.randint(10_000, 99_999))),
    "AMOUNT": ("", lambda rng, lang: f"{rng.randint(1, 90)}.{rng.randint(0, 999):03d}"),
    "ISO": ("", lambda rng, lang: f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:"
                                  f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.{rng.randint(0, 999):03d}Z"),
    "CLF": ("", lambda rng, lang: f"{rng.randint(10, 28)}/{rng.choice(['Jan', 'Mar', 'Jun', 'Oct'])}/2026:"
                                  f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} +0100"),
    "SYSTIME": ("", lambda rng, lang: f"{rng.choice(['Mar', 'Apr', 'Nov'])} {rng.randint(1, 28):2d} "
                                      f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"),
    "PID": ("", lambda rng, lang: str(rng.randint(300, 40000))),
    "PORT": ("", lambda rng, lang: str(rng.randint(1025, 65000))),
    "BYTES": ("", lambda rng, lang: str(rng.randint(120, 99999))),
    "MS": ("", lambda rng, lang: str(rng.randint(2, 900))),
    "HASH": ("", lambda rng, lang: f"{rng.getrandbits(64):016x}"),
    "STATUS": ("", lambda rng, lang: rng.choice(["200", "200", "302", "401", "403", "404", "500"])),
    "PATH": ("", lambda rng, lang: rng.choice(["/login", "/api/v2/users/me", "/static/app.js", "/cursussen/excel",
                                               "/wp-login.php", "/health", "/portal/dossier"])),
    "UA": ("", lambda rng, lang: rng.choice(["Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "curl/8.5.0",
                                             "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X)"])),
    "COMPANY": ("", lambda rng, lang: rng.choice(COMPANIES)),
}  # fmt: skip

ARTICLE = re.compile(r"(een|de|het|a|an|the) (.+)")
SLOT = re.compile(r"\{(\^?)([A-Z0-9]+)\}|\[\[([^|\]]+)\|([A-Z_]+)\]\]")


def value(key: str, rng: random.Random, lang: str, people: list[str]) -> tuple[str, str]:
    """A slot's filled text (with '|' markup where only part is labelled) and its kind ('' for none)."""
    if key == "NAME":  # the text's people, in turn
        people.append(people.pop(0))
        return people[-1], "NAME"
    if key in VOCAB:
        kind, words = VOCAB[key]
        word = rng.choice(words[lang])
        article = ARTICLE.match(word)
        return (f"{article.group(1)} |{article.group(2)}|" if article and "|" not in word else word), kind
    kind, make = VALUES[key]
    return make(rng, lang), kind


def render(template: str, rng: random.Random, lang: str, people: list[str]) -> tuple[str, list[dict[str, Any]]]:
    text, spans, last = "", [], 0
    for match in SLOT.finditer(template):
        text += template[last : match.start()]
        last = match.end()
        if match.group(3) is not None:
            filled, kind = f"|{match.group(3)}|", match.group(4)
        else:
            filled, kind = value(match.group(2), rng, lang, people)
            if match.group(1):
                filled = re.sub(r"^(\|?)(.)", lambda m: m.group(1) + m.group(2).upper(), filled)
        prefix, label, suffix = filled.split("|") if "|" in filled else ("", filled, "")
        text += prefix
        if kind:
            spans.append({"start": len(text), "end": len(text) + len(label), "type": kind, "text": label})
        text += label + suffix
    return text + template[last:], spans


def compose(shape: str, rng: random.Random, lang: str) -> tuple[str, list[dict[str, Any]], bool]:
    """One text: an opener, some body sentences, sometimes a decoy sentence; whether it holds a decoy."""
    parts = TEMPLATES[shape][lang]
    people = [any_name(rng, lang) for _ in range(3)]
    count = {"hr": (2, 5), "crm": (2, 4), "ticket": (2, 4), "course": (1, 3), "log": (3, 8)}[shape]
    chosen = [rng.choice(parts["open"]), *rng.sample(parts["body"], min(rng.randint(*count), len(parts["body"])))]
    decoy = rng.random() < (0.6 if shape in ("course", "log") else 0.3)
    if decoy:
        chosen.insert(rng.randint(1, len(chosen)), rng.choice(parts["decoy"]))
    joiner = "\n" if shape == "log" else rng.choice([" ", " ", "\n"])
    text, spans = "", []
    for i, template in enumerate(chosen):
        piece, found = render(template, rng, lang, people)
        text += joiner if i else ""
        spans += [s | {"start": s["start"] + len(text), "end": s["end"] + len(text)} for s in found]
        text += piece
    return text, spans, decoy or shape == "course"


FIXED = [
    ("hr", "nl", "[[Ziekmelding|HEALTH]]: [[griep|HEALTH]] en [[rugklachten|HEALTH]], [[fysiotherapie|HEALTH]] "
                 "gestart. [[Zwangerschapsecho|HEALTH]] op dinsdag. [[Depressieve klachten|HEALTH]]."),
    ("log", "en", "{ISO} INFO  [auth] login ok from [[2a02:10b0:6ba2:f04c::7b4d|IP]]\n"
                  "{ISO} WARN  [api] rate limit for [[2001:db8:85a3::8a2e:370:7334|IP]] (x-forwarded-for: "
                  "[[203.0.113.9|IP]], [[10.1.2.3|IP]])\n{ISO} INFO  server listening on 0.0.0.0:8080 and [::]:8080"),
    ("course", "nl", "Certificaten als PDF/A. Foutmelding bij upload."),
    ("course", "nl", "Werken met Marketing: de basis."),
]  # fmt: skip


def sentences(doc: dict[str, Any]) -> int:
    """A rough count: a log line is one; elsewhere, pieces between [.!?] and a space or line end."""
    if doc["shape"] == "log":
        return sum(1 for line in doc["text"].splitlines() if line.strip())
    return sum(1 for piece in re.split(r"[.!?](?=\s|$)", doc["text"]) if piece.strip())


def build(split: str, seed: int, size: int) -> tuple[list[dict[str, Any]], int]:
    """The split's texts and how many of them hold a decoy."""
    rng = random.Random(seed)
    docs: list[dict[str, Any]] = []
    decoys = 0
    for shape, lang, template in FIXED:
        text, spans = render(template, rng, lang, [])
        docs.append({"shape": shape, "lang": lang, "text": text, "spans": spans})
    decoys += 2
    while len(docs) < size:
        lang = "nl" if rng.random() < 0.7 else "en"
        shape = rng.choices([s for s, _ in SHAPES], [w for _, w in SHAPES])[0]
        text, spans, decoy = compose(shape, rng, lang)
        decoys += decoy
        docs.append({"shape": shape, "lang": lang, "text": text, "spans": spans})
    out = [{"id": f"shapes-{split}-{i}", **d, "spans": sorted(d["spans"], key=lambda s: s["start"])}
           for i, d in enumerate(docs)]  # fmt: skip
    return out, decoys


def write(directory: Path) -> dict[str, dict[str, Any]]:
    """Writes shapes-dev.jsonl and shapes-test.jsonl into the directory; returns counts per split."""
    stats: dict[str, dict[str, Any]] = {}
    for split, seed, size in SPLITS:
        docs, decoys = build(split, seed, size)
        with (directory / f"shapes-{split}.jsonl").open("w", encoding="utf-8", newline="\n") as out:
            for doc in docs:
                out.write(json.dumps(doc, ensure_ascii=False) + "\n")
        kinds: dict[str, int] = {}
        for doc in docs:
            for span in doc["spans"]:
                kinds[span["type"]] = kinds.get(span["type"], 0) + 1
        stats[split] = {"texts": len(docs), "sentences": sum(sentences(d) for d in docs), "decoy texts": decoys,
                        "nl": sum(d["lang"] == "nl" for d in docs), "bytes": sum(len(d["text"].encode()) for d in docs),
                        "spans": dict(sorted(kinds.items()))}  # fmt: skip
    return stats


def main() -> None:
    for split, counts in write(HERE).items():
        print(split, json.dumps(counts, ensure_ascii=False))


if __name__ == "__main__":
    main()
