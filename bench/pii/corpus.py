"""A labelled corpus of Dutch and English texts for the PII benchmark, generated with recorded spans.

    python bench/pii/corpus.py            # writes bench/pii/dev.jsonl and bench/pii/test.jsonl

Two splits that share nothing but the generator: **dev** (seed 1, templates of set A) is what the detector
was tuned on; **test** (seed 2, templates of set B, other genres' wording) is only measured. Values pass
validation (BSN 11-check, IBAN mod 97, valid NL/BE phone numbers, real postcode shapes, MRZ check digits via
``mrz``); names come from the lists below, written for this corpus and not from the detector's name list
(Faker's nl/en/de/fr/tr/ar/pl providers). Decoys look like personal data and are not: order numbers that fail
the 11-check, amounts, product codes, dates that are no birth date, names that are also words in lower case
(bakker, visser, june). Some texts hold no personal data at all.
"""

from __future__ import annotations

import json
import random
import re
import string
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent

FIRST = ["Sanne", "Daan", "Femke", "Bram", "Lotte", "Jesse", "Noor", "Thijs", "Iris", "Ruben", "Mirjam", "Gert-Jan",
         "Wietske", "Hendrik", "Anouk", "Joost", "Marloes", "Sietse", "Yara", "Koen", "Mehmet", "Fatma", "Youssef",
         "Khadija", "Bilal", "Siobhan", "Niamh", "Declan", "Olusegun", "Chiara", "Mateusz", "Agnieszka", "Priya",
         "Arjun", "Ingrid", "Bjorn", "Esmee", "Tygo", "Fleur", "Jochem"]  # fmt: skip
LAST = ["Vermeulen", "Hoekstra", "Brouwer", "Dijkstra", "Kuipers", "Postma", "Veenstra", "Wouters", "Schouten",
        "Verhoeven", "Timmermans", "Groen", "Kramer", "Bosman", "Huisman", "Peeters", "Yilmaz", "Demir", "Kaya",
        "Bouzid", "Haddou", "O'Sullivan", "McCarthy", "Okafor", "Rossi", "Kowalczyk", "Nowak", "Sharma", "Lindqvist",
        "Smit-Boersma", "Jansen-Akkerman"]  # fmt: skip
TUSSEN = ["van", "de", "van der", "van den", "van de", "ter", "el", "den"]
TITLES_NL = ["mevrouw", "dhr.", "de heer", "mw.", "dr."]
TITLES_EN = ["Mrs", "Mr", "Ms", "Dr."]
STREETS = ["Kerkstraat", "Dorpsweg", "Molenlaan", "Marktplein", "Prinsengracht", "Julianalaan", "Beukenhof",
           "Havenkade", "Schoolstraat", "Wilhelminasingel"]  # fmt: skip
CITIES = ["Zwolle", "Amersfoort", "Deventer", "Leeuwarden", "Gouda", "Hengelo", "Assen", "Middelburg"]


def bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10 and digits[0] != 0:
            return "".join(map(str, digits)) + str(last)


def not_bsn(rng: random.Random) -> str:
    while True:
        value = str(rng.randint(100_000_000, 999_999_999))
        total = sum(int(d) * w for d, w in zip(value[:8], range(9, 1, -1), strict=True)) - int(value[8])
        if total % 11:
            return value


def iban(rng: random.Random) -> str:
    bank = rng.choice(["ABNA", "RABO", "INGB", "TRIO", "SNSB"])
    account = "".join(str(rng.randint(0, 9)) for _ in range(10))
    numeric = "".join(str(int(c, 36)) for c in f"{bank}{account}NL00")
    check = 98 - int(numeric) % 97
    value = f"NL{check:02d}{bank}{account}"
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4)) if rng.random() < 0.5 else value


def phone(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.5:
        number = f"6{rng.randint(10_000_000, 59_999_999)}"
        return rng.choice([f"0{number}", f"0{number[:1]}-{number[1:]}", f"+31 {number[:1]} {number[1:]}"])
    if kind < 0.8:
        area = rng.choice(["20", "30", "10", "70", "40", "50"])
        rest = rng.randint(1_000_000, 9_999_999)
        return rng.choice([f"0{area}-{rest}", f"0{area} {rest}", f"+31 {area} {rest}"])
    return f"+32 47{rng.randint(0, 9)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


def postcode(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCEGHJKLMNPRTVWXZ") for _ in range(2))
    return f"{rng.randint(1000, 9999)}{rng.choice(['', ' '])}{letters}"


def plate(rng: random.Random) -> str:
    letters = lambda n: "".join(rng.choice("BDFGHJKLNPRSTVXZ") for _ in range(n))  # noqa: E731
    digits = lambda n: "".join(rng.choice(string.digits[1:]) for _ in range(n))  # noqa: E731
    return rng.choice([f"{digits(2)}-{letters(3)}-{digits(1)}", f"{digits(1)}-{letters(3)}-{digits(2)}",
                       f"{letters(2)}-{digits(3)}-{letters(1)}", f"{letters(2)}-{digits(2)}-{letters(2)}"])  # fmt: skip


def id_card(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEFGHIJKLMNPRSTUVWXYZ") for _ in range(2))
    middle = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(5))
    return f"{letters}{middle}{rng.randint(0, 9)}{rng.randint(0, 9)}"


def mrz_lines(rng: random.Random, surname: str, given: str) -> str:
    from mrz.generator.td3 import TD3CodeGenerator

    number = id_card(rng)
    born = f"{rng.randint(60, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    clean = lambda s: re.sub(r"[^A-Za-z ]", "", s).upper()  # noqa: E731
    code = TD3CodeGenerator("P", "NLD", clean(surname), clean(given), number, "NLD", born, rng.choice("FM"),
                            "310101", "999999990")  # fmt: skip
    return str(code)


def name(rng: random.Random, lang: str) -> str:
    style = rng.random()
    last = rng.choice(LAST)
    if rng.random() < 0.35:
        last = f"{rng.choice(TUSSEN)} {last}"
    if style < 0.45:
        return f"{rng.choice(FIRST)} {last}"
    if style < 0.65:
        return f"{rng.choice(TITLES_NL if lang == 'nl' else TITLES_EN)} {last}"
    if style < 0.8:
        initials = "".join(f"{rng.choice('ABCDEFGHJKLMPRSTW')}." for _ in range(rng.randint(1, 2)))
        return f"{initials} {last}"
    return rng.choice(FIRST)


MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
             "november", "december")  # fmt: skip
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")  # fmt: skip


def birth(rng: random.Random, lang: str) -> str:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1950, 2008)
    months = MONTHS_NL if lang == "nl" else MONTHS_EN
    return rng.choice([f"{day:02d}-{month:02d}-{year}", f"{day} {months[month - 1]} {year}"])


TEMPLATES: dict[str, dict[str, list[str]]] = {
    "A": {
        "nl": [
            "Zorgrapportage {DATE_OF_WEEK}: {NAME} (geboren {DATE_OF_BIRTH}) gaf aan dat de nachten onrustig zijn. "
            "Overleg met de huisarts, bereikbaar op {PHONE}. Adres: {ADDRESS}, {POSTCODE} {CITY}.",
            "Beste {NAME},\n\nBedankt voor je sollicitatie. Kun je je IBAN {IBAN} en BSN {BSN} nog doorgeven? "
            "Bel gerust naar {PHONE} of mail {EMAIL}.\n\nMet vriendelijke groet,\n{NAME}",
            "Notulen teamoverleg. Aanwezig: {NAME}, {NAME} en {NAME}. Bestelling {ORDER} van € {AMOUNT} is geleverd. "
            "Actie: {NAME} belt de leverancier (KvK {KVK}).",
            "Verzoek om inzage. Ik, {NAME}, wonend aan {ADDRESS} te {CITY}, verzoek u mijn gegevens te sturen "
            "naar {EMAIL}. Mijn klantnummer is {ORDER}. Mijn auto met kenteken {PLATE} staat ook bij u geregistreerd.",
            "Kopie paspoort van {NAME}:\n{MRZ}\nDocumentnummer {ID_NUMBER}. Foto en BSN zijn afgeschermd.",
            "De bakker levert vanaf maandag om 7 uur. Het rooster voor juni staat in de bijlage; artikel 15 geldt.",
            "Inlog vanaf {IP} om 09:14 op https://portal.example.nl/klant?id={ORDER2}. De visser ving 12 kilo.",
        ],
        "en": [
            "Care note {DATE_OF_WEEK}: {NAME} (date of birth {DATE_OF_BIRTH}) reported poor sleep. Call the GP on "
            "{PHONE}. Address: {ADDRESS}, {POSTCODE} {CITY}.",
            "Dear {NAME},\n\nThank you for applying. Could you send your IBAN {IBAN} and BSN {BSN}? Call {PHONE} or "
            "email {EMAIL}.\n\nKind regards,\n{NAME}",
            "Meeting notes. Present: {NAME}, {NAME} and {NAME}. Order {ORDER} of EUR {AMOUNT} was delivered. "
            "Action: {NAME} to call the supplier (KvK {KVK}).",
            "Subject access request. I, {NAME}, living at {ADDRESS} in {CITY}, ask you to send my data to {EMAIL}. "
            "My customer number is {ORDER}. My car, plate {PLATE}, is registered with you too.",
            "Passport copy of {NAME}:\n{MRZ}\nDocument number {ID_NUMBER}. Photo and BSN are masked.",
            "The bakery delivers from Monday at 7. The June schedule is attached; article 15 applies.",
            "Login from {IP} at 09:14 on https://portal.example.com/customer?id={ORDER2}. Invoice 2024-0193 paid.",
        ],
    },
    "B": {
        "nl": [
            "Dagrapport: cliënt {NAME} is gevallen. Dochter {NAME} is gebeld op {PHONE}; zij komt morgen. "
            "Geboortedatum cliënt: {DATE_OF_BIRTH}. Woonadres {ADDRESS}, {POSTCODE}.",
            "Hoi {NAME}, zoals besproken stuur ik je mijn gegevens: {EMAIL}, {PHONE}, rekening {IBAN}. "
            "Groeten, {NAME}",
            "Actiepunten: {NAME} neemt contact op met {NAME} over factuur {ORDER} (€ {AMOUNT}). Volgende keer "
            "schuift {NAME} aan.",
            "Geachte heer, mevrouw,\n\nHierbij vraag ik, {NAME}, om verwijdering van mijn gegevens. U kent mij onder "
            "BSN {BSN} en e-mail {EMAIL}. Mijn bedrijf staat in de KvK onder {KVK}.",
            "ID-kaart gecontroleerd bij de balie: {ID_NUMBER}, op naam van {NAME}.\n{MRZ}",
            "In juni start de cursus Excel voor beginners; aanmelden kan tot 1 mei. Prijs € 395, 3 dagdelen.",
            "Serverlog: verzoek van {IP}, pagina https://app.example.nl/profiel/{ORDER2}. Auto {PLATE} op P2.",
        ],
        "en": [
            "Daily report: client {NAME} had a fall. Their son {NAME} was called on {PHONE} and visits tomorrow. "
            "Client's date of birth: {DATE_OF_BIRTH}. Home address {ADDRESS}, {POSTCODE}.",
            "Hi {NAME}, as discussed here are my details: {EMAIL}, {PHONE}, account {IBAN}. Cheers, {NAME}",
            "Action points: {NAME} will contact {NAME} about invoice {ORDER} (EUR {AMOUNT}). Next time {NAME} joins.",
            "Dear Sir or Madam,\n\nI, {NAME}, ask you to erase my data. You know me by BSN {BSN} and email {EMAIL}. "
            "My company is registered with the Chamber of Commerce under {KVK}.",
            "ID card checked at the desk: {ID_NUMBER}, in the name of {NAME}.\n{MRZ}",
            "In June the Excel course for beginners starts; sign up before 1 May. Price EUR 395, 3 sessions.",
            "Server log: request from {IP}, page https://app.example.com/profile/{ORDER2}. Car {PLATE} in P2.",
        ],
    },
}  # fmt: skip
GOLD = {"NAME", "PHONE", "EMAIL", "IBAN", "BSN", "DATE_OF_BIRTH", "ADDRESS", "POSTCODE", "IP", "URL", "ID_NUMBER",
        "MRZ", "LICENCE_PLATE", "KVK"}  # fmt: skip


def email(rng: random.Random) -> str:
    local = f"{rng.choice(FIRST).lower()}.{rng.choice(LAST).lower().replace(' ', '').replace(chr(39), '')}"
    return f"{local}@{rng.choice(['example.nl', 'mail.example.com', 'voorbeeld.nl'])}"


def ip(rng: random.Random) -> str:
    v4 = f"{rng.randint(11, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    return rng.choice([v4, f"2001:db8::{rng.randint(1, 9999):x}"])


def fill(template: str, rng: random.Random, lang: str) -> dict[str, Any]:
    people = [name(rng, lang) for _ in range(4)]
    given, surname = rng.choice(FIRST), rng.choice(LAST)
    values = {
        "PHONE": lambda: phone(rng), "EMAIL": lambda: email(rng),
        "IBAN": lambda: iban(rng), "BSN": lambda: bsn(rng), "DATE_OF_BIRTH": lambda: birth(rng, lang),
        "ADDRESS": lambda: f"{rng.choice(STREETS)} {rng.randint(1, 250)}{rng.choice(['', 'a', 'B'])}",
        "POSTCODE": lambda: postcode(rng), "IP": lambda: ip(rng),
        "ID_NUMBER": lambda: id_card(rng), "LICENCE_PLATE": lambda: plate(rng), "PLATE": lambda: plate(rng),
        "KVK": lambda: str(rng.randint(10_000_000, 99_999_999)),
        "MRZ": lambda: mrz_lines(rng, surname, given),
    }  # fmt: skip
    decoys = {"ORDER": lambda: not_bsn(rng), "ORDER2": lambda: str(rng.randint(10_000, 99_999_999)),
              "AMOUNT": lambda: f"{rng.randint(10, 9999)},{rng.randint(0, 99):02d}", "CITY": lambda: rng.choice(CITIES),
              "DATE_OF_WEEK": lambda: f"{rng.randint(1, 28)}-{rng.randint(1, 12)}-2026"}  # fmt: skip
    text, spans, last, person = "", [], 0, 0
    for match in re.finditer(r"\{([A-Z_0-9]+)\}", template):
        text += template[last : match.start()]
        key = match.group(1)
        if key == "NAME":
            value = people[person % len(people)]
            person += 1
        elif key in values:
            value = values[key]()
        else:
            value = decoys[key]()
        kind = "LICENCE_PLATE" if key == "PLATE" else key
        if kind in GOLD:
            spans.append({"start": len(text), "end": len(text) + len(value), "type": kind, "text": value})
        text += value
        last = match.end()
    text += template[last:]
    for span in spans:
        if span["type"] == "KVK" or span["type"] == "URL":
            continue
    url = re.search(r"https://\S+?(?=[\s]|\.\s|$)", text)
    if url and "{ORDER2}" in template:
        spans.append({"start": url.start(), "end": url.end(), "type": "URL", "text": url.group()})
    return {"lang": lang, "text": text, "spans": sorted(spans, key=lambda s: s["start"])}


def build(split: str, seed: int, templates: str, size: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    docs = []
    for i in range(size):
        lang = "nl" if i % 2 == 0 else "en"
        docs.append(fill(rng.choice(TEMPLATES[templates][lang]), rng, lang) | {"id": f"{split}-{i}"})
    return docs


def main() -> None:
    for split, seed, templates in (("dev", 1, "A"), ("test", 2, "B")):
        docs = build(split, seed, templates, 600)
        with (HERE / f"{split}.jsonl").open("w", encoding="utf-8") as out:
            for doc in docs:
                out.write(json.dumps(doc, ensure_ascii=False) + "\n")
        print(f"{split}: {len(docs)} texts, {sum(len(d['spans']) for d in docs)} spans, "
              f"{sum(len(d['text']) for d in docs):,} characters")  # fmt: skip


if __name__ == "__main__":
    main()
