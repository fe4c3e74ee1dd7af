#!/usr/bin/env python3
"""Writes a deterministic export for the benchmark, with the sample's German headers.

    python3 bench/generate.py N FOLDER [--profile realistic|low-variety] [--attachments small|scans]

Profiles:
- realistic (default): values as varied as a bank's export: names, streets and cities drawn from
  large tables and combined (double names, hyphenated surnames, house number suffixes), e-mail
  addresses from the names, phone numbers in the spellings people type, document numbers of the
  German ID alphabet, valid IBANs and BICs of twelve countries, birth dates over seventy years in
  three spellings, change and verification times over six years, about 10 % rows to reject.
- low-variety: the earlier benchmark export (12 first names, 11 surnames, 3 IBANs, the same phone
  numbers on every row): the value memo answers almost every lookup, a best case only.

Attachments:
- small (default): one text PDF of 1-4 KB per row.
- scans: one ID scan per row as real KYC files are: JPEG scans of 150 KB to 2 MB made with Pillow
  (photographic noise, so they compress as camera images do: not at all), PDFs of 50-500 KB whose
  content streams are Flate-compressed, and every tenth a small uncompressed text PDF.

FOLDER gets export.csv, attachments/ and attachments.txt (one file name per row, for the floor).
"""
import argparse
import io
import pathlib
import random
import zlib

HEADER = ("Kundennr;Geaendert_am;Anrede;Titel;Vorname;Nachname;Strasse;Hausnr;PLZ;Ort;Land;Geburtsdatum;Geburtsort;"
          "Geburtsland;Staatsangehoerigkeit;Weitere_Staatsangehoerigkeiten;Telefon;Telefon2;Mobil;E-Mail;PEP_Vorpruefung;"
          "Ident_Anbieter;Ausweisart;Ausweis_Land;Ausweisnummer;Zusatznummer;Ausgestellt_am;Gueltig_bis;Ident_Methode;"
          "Ident_Freigabe;Ident_Aktualisiert;PEP;PEP_Geprueft;PEP_Treffer;PEP_Listen;Sanktion;Sanktion_Geprueft;"
          "Professionell;IBAN;BIC;Bank;Erfahrung_AE1;Erfahrung_AE2;Ausweis_Datei;Ident_Datum")

FIRST = ("Anna Maria Jürgen Sabine Thomas Claire David Özlem Lukas Chloé Björn Ingrid Klaus Peter Monika Stefan Andrea Michael "
         "Katharina Alexander Julia Christian Laura Sebastian Lena Tobias Sophie Florian Marie Jonas Hannah Felix Lea Maximilian "
         "Emma Paul Mia Leon Ben Elias Noah Finn Luis Emil Henry Theo Anton Jakob Matteo Mila Ella Clara Lina Frieda Luisa Ida "
         "Mehmet Ayşe Fatma Emre Elif Can Zeynep Mustafa Piotr Agnieszka Katarzyna Tomasz Marek Ewa Jan Małgorzata Dragan Milica "
         "Ivana Luca Giulia Francesco Sofia José María Carmen Javier Pierre Camille Élodie Antoine Siobhán Seán Niamh Oliver "
         "Amelia Jack Isla Harry Olivia George Grace Magnus Ingrid Astrid Nils Sven Kristina Dmitri Olga Natalia Sergei").split()
LAST = ("Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter Klein Wolf "
        "Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann "
        "Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn "
        "Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon "
        "Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas "
        "Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold Wolff "
        "Pfeiffer Yılmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın Kowalski Nowak Wiśniewski Wójcik Kamiński Lewandowski "
        "Rossi Russo Ferrari Esposito Bianchi García Fernández González Rodríguez López Martínez Dubois Lefèvre Moreau "
        "O'Brien Murphy Kelly Smith Jones Williams Taylor Brown Andersson Johansson Nielsen Hansen Popescu Ionescu Novák").split()
STREETS = ("Haupt Bahnhof Garten Schul Kirch Dorf Berg Wald Ring Feld Linden Mühlen Eichen Birken Ahorn Tannen Rosen "
           "Goethe Schiller Lessing Beethoven Mozart Bach Kant Humboldt Luther Bismarck Friedrich Wilhelm Luisen Karl "
           "Sonnen Blumen Wiesen Brunnen Burg Schloss Markt Kloster Rathaus Post Industrie Hafen Fluss Bach See Teich "
           "Lerchen Amsel Drossel Finken Meisen Falken Adler Hirsch Fuchs Dachs Buchen Kastanien Erlen Weiden Pappel").split()
STREET_SUFFIX = ["straße", "str.", "weg", "allee", "platz", "ring", "gasse", "damm", "ufer", "steig"]
CITIES = [("Dresden", "010"), ("Leipzig", "041"), ("Berlin", "101"), ("Hamburg", "200"), ("München", "803"), ("Köln", "506"),
          ("Frankfurt am Main", "603"), ("Stuttgart", "701"), ("Düsseldorf", "402"), ("Dortmund", "441"), ("Essen", "451"),
          ("Bremen", "281"), ("Hannover", "301"), ("Nürnberg", "904"), ("Duisburg", "470"), ("Bochum", "447"),
          ("Wuppertal", "421"), ("Bielefeld", "336"), ("Bonn", "531"), ("Münster", "481"), ("Mannheim", "681"),
          ("Karlsruhe", "761"), ("Augsburg", "861"), ("Wiesbaden", "651"), ("Chemnitz", "091"), ("Kiel", "241"),
          ("Halle (Saale)", "061"), ("Magdeburg", "391"), ("Freiburg im Breisgau", "791"), ("Erfurt", "990"),
          ("Rostock", "180"), ("Mainz", "551"), ("Kassel", "341"), ("Potsdam", "144"), ("Görlitz", "028"), ("Jena", "077")]
COUNTRY = ["Deutschland", "DE", "Germany", "BRD", "DEU", "276", "deutschland", "Bundesrepublik Deutschland"]
NATIONALITY = ["deutsch", "DE", "Deutschland", "German", "österreichisch", "AT", "Frankreich", "Polen", "DEU", "Deutsche"]
SALUTATION = ["Frau", "Herr", "Fr.", "Hr.", "Mrs", "Mr", "weiblich", "männlich", "Herrn", "F", "M"]
TITLES = ["", "", "", "", "", "", "Dr.", "dr", "Prof.", "Prof. Dr.", "Dr. med."]
DOMAINS = ["example.de", "mail.example.com", "posteo.example", "web.example.de", "gmx.example", "t-online.example"]
VENDORS = ["IDNOW", "IDnow", "WebID", "WEBID", "SumSub", "POSTIDENT"]
ID_ALPHABET = "CFGHJKLMNPRTVWXYZ0123456789"
# Country, BBAN layout (n digits, a upper-case letters, c alphanumerics), BIC country.
IBAN_FORMATS = [("DE", "8n10n"), ("AT", "5n11n"), ("FR", "5n5n11c2n"), ("IT", "1a5n5n12c"), ("ES", "4n4n1n1n10n"), ("NL", "4a10n"),
                ("BE", "3n7n2n"), ("PL", "8n16n"), ("CH", "5n12c"), ("LU", "3n13c"), ("DK", "4n9n1n"), ("SE", "3n16n1n")]


def iban(rng, country, layout):
    bban = ""
    number = ""
    for char in layout:
        if char.isdigit():
            number += char
            continue
        count = int(number)
        number = ""
        pool = "0123456789" if char == "n" else "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if char == "a" else "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        bban += "".join(rng.choice(pool) for _ in range(count))
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(digits) % 97
    return f"{country}{check:02d}{bban}"


def realistic_row(i, rng):
    nr = 1_000_000 + i
    first = rng.choice(FIRST) + (" " + rng.choice(FIRST) if rng.random() < 0.2 else "")
    last = rng.choice(LAST) + ("-" + rng.choice(LAST) if rng.random() < 0.08 else "")
    city, prefix = rng.choice(CITIES)
    plz = prefix + f"{rng.randrange(100):02d}"
    if plz.startswith("0") and rng.random() < 0.15:
        plz = plz[1:]  # a spreadsheet dropped the leading zero: restored with a warning
    year = rng.randint(1935, 2005)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    birth = rng.choice([f"{day:02d}.{month:02d}.{year}", f"{day}.{month}.{year}", f"{year}-{month:02d}-{day:02d}"])
    country, layout = rng.choice(IBAN_FORMATS)
    account = iban(rng, country, layout)
    bic = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4)) + country + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(2)) + rng.choice(["", "XXX"])
    area = rng.choice(["30", "40", "89", "221", "351", "341", "69", "711", "211", "231", "421", "511", "911"])
    number = str(rng.randint(100000, 9999999))
    phone = rng.choice([f"0{area} {number}", f"+49 {area} {number}", f"+49 (0){area} {number}", f"0{area}/{number}", f"0049 {area} {number}"])
    mobile = rng.choice(["", f"0{rng.choice(['151', '160', '170', '171', '176', '177'])} {rng.randint(1000000, 99999999)}"])
    changed = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2019, 2025)} {rng.randint(7, 19):02d}:{rng.randint(0, 59):02d}"
    issued_year = rng.randint(2016, 2023)
    issued = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{issued_year}"
    expires = issued[:6] + str(issued_year + 10)
    verified_year = rng.randint(issued_year + 1, 2025)
    verified_day = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{verified_year}"
    hour, minute = rng.randint(7, 19), rng.randint(0, 54)
    approve, update = f"{verified_day} {hour:02d}:{minute:02d}", f"{verified_day} {hour:02d}:{minute + 5:02d}"
    checked = f"{verified_day[6:]}-{verified_day[3:5]}-{verified_day[:2]}T{hour:02d}:{minute + 1:02d}:00+01:00"
    street = rng.choice(STREETS) + rng.choice(STREET_SUFFIX)
    house = str(rng.randint(1, 250)) + rng.choice(["", "", "", "a", "b"])
    email = f"{first.split()[0].lower()}.{last.split('-')[0].lower()}{rng.randint(1, 999)}@{rng.choice(DOMAINS)}"
    email = email.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").replace("ß", "ss")
    email = "".join(c for c in email if c.isascii())
    city_text, iban_text = city, account
    if rng.random() < 0.10:  # about one row in ten is rejected, for one of several reasons
        kind = rng.randrange(5)
        if kind == 0:
            birth = f"31.02.{year}"
        elif kind == 1:
            iban_text = account[:-1] + str((int(account[-1]) + 1) % 10) if account[-1].isdigit() else account[:-1] + "0"
        elif kind == 2:
            city_text = ""
        elif kind == 3:
            birth = f"14.07.{rng.randint(2010, 2015)}"
        else:
            email = email.replace("@", " at ")
    return [
        str(nr), changed, rng.choice(SALUTATION), rng.choice(TITLES), first, last, street, house, plz, city_text, rng.choice(COUNTRY),
        birth, rng.choice(CITIES)[0], "Deutschland", rng.choice(NATIONALITY), "AT" if rng.random() < 0.1 else "",
        phone, "" if rng.random() < 0.7 else f"0{area} {rng.randint(100000, 9999999)}", mobile, email, rng.choice(["Nein", "nein", "N", "0"]),
        rng.choice(VENDORS), rng.choice(["Personalausweis", "Reisepass"]), "DE", "".join(rng.choice(ID_ALPHABET) for _ in range(9)),
        "", issued, expires, rng.choice(["VIDEO", "Video", "video"]), approve, update, "nein", checked, "", "", "nein", checked,
        "nein", iban_text, bic, rng.choice(["Sparkasse", "Volksbank", "Commerzbank", "Deutsche Bank", "ING", "DKB", "N26"]),
        str(rng.randint(1, 5)), str(rng.randint(1, 4)), None, verified_day,
    ]


def low_variety_row(i, rng):
    first = ["Anna Maria", "Jürgen", "Sabine", "Thomas", "Claire", "David", "Özlem", "Lukas", "Chloé", "Björn", "Ingrid", "Klaus-Peter"]
    last = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Krüger"]
    salutation = ["Frau", "Herr", "Fr.", "Hr.", "Mrs", "Mr", "weiblich", "männlich"]
    places = [("Dresden", "01067"), ("Leipzig", "04109"), ("Berlin", "10115"), ("Hamburg", "20095"), ("München", "80331")]
    ibans = [("DE89370400440532013000", "COBADEFFXXX"), ("DE02120300000000202051", "BYLADEM1001"), ("AT611904300234573201", "BKAUATWW")]
    nr = 1_000_000 + i
    city, plz = places[i % len(places)]
    account, bic = ibans[i % len(ibans)]
    birth = f"{1 + i % 28:02d}.{1 + i % 12:02d}.{1940 + i % 60}"
    if rng.random() < 0.10:
        kind = rng.randrange(4)
        if kind == 0:
            birth = "31.02.1990"
        elif kind == 1:
            account = "DE89370400440532013001"
        elif kind == 2:
            city = ""
        else:
            birth = "14.07.2015"
    return [
        str(nr), f"{1 + i % 28:02d}.03.2025 10:{i % 60:02d}", salutation[i % len(salutation)], "Dr." if i % 7 == 0 else "",
        first[i % len(first)], last[i % len(last)], "Hauptstraße", str(1 + i % 90), plz, city, COUNTRY[i % 6],
        birth, places[(i + 2) % len(places)][0], "Deutschland", NATIONALITY[i % 8], "AT" if i % 5 == 0 else "",
        "0351 1234567", "" if i % 3 else "0171 2345678", "0170 1234567", f"kunde{nr}@example.de", "Nein", "IDNOW",
        "Personalausweis" if i % 2 else "Reisepass", "DE", f"L01X{i % 100000:05d}", "", "01.06.2019", "01.06.2029", "VIDEO",
        "02.11.2024 14:05", "02.11.2024 14:10", "nein", "2024-11-02T14:06:00+01:00", "", "", "nein", "2024-11-02T14:06:00Z",
        "nein", account, bic, "Bank", str(1 + i % 5), str(1 + i % 4), None, "02.11.2024",
    ]


def small_pdf(nr, rng):
    lines = "".join(f"BT /F1 10 Tf 72 {700 - 12 * k} Td (Zeile {k} Kunde {nr} {rng.randrange(10**9)}) Tj ET\n" for k in range(rng.randint(10, 60)))
    return f"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n2 0 obj << /Length {len(lines)} >>\nstream\n{lines}endstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".encode()


def jpeg_scan(rng, target):
    """A JPEG of photographic noise about `target` bytes large, as a camera scan of an ID is."""
    from PIL import Image
    side = max(64, int((target / 1.1) ** 0.5 * 0.9))
    noise = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
    out = io.BytesIO()
    noise.save(out, format="JPEG", quality=80)
    return out.getvalue()


def compressed_pdf(rng, target):
    """A PDF whose content stream is Flate-compressed (as scanned or exported PDFs are), about `target` bytes."""
    raw = rng.randbytes(target)
    stream = zlib.compress(raw, 6)
    return (b"%PDF-1.5\n1 0 obj << /Type /Catalog >> endobj\n2 0 obj << /Length " + str(len(stream)).encode()
            + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("folder")
    parser.add_argument("--profile", choices=["realistic", "low-variety"], default="realistic")
    parser.add_argument("--attachments", choices=["small", "scans"], default="small")
    args = parser.parse_args()
    folder = pathlib.Path(args.folder)
    (folder / "attachments").mkdir(parents=True, exist_ok=True)
    rng = random.Random(42)
    lines = [HEADER]
    names = []
    for i in range(args.count):
        row = realistic_row(i, rng) if args.profile == "realistic" else low_variety_row(i, rng)
        nr = row[0]
        if args.attachments == "small":
            name, body = f"{nr}-ausweis.pdf", small_pdf(nr, rng)
        elif i % 10 == 9:
            name, body = f"{nr}-ausweis.pdf", small_pdf(nr, rng)
        elif i % 3 == 2:
            name, body = f"{nr}-ausweis.pdf", compressed_pdf(rng, rng.randint(50_000, 500_000))
        else:
            name, body = f"{nr}-ausweis.jpg", jpeg_scan(rng, rng.randint(150_000, 2_000_000))
        row[-2] = name
        (folder / "attachments" / name).write_bytes(body)
        names.append(name)
        lines.append(";".join(row))
    (folder / "export.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    (folder / "attachments.txt").write_text("\n".join(names) + "\n")


if __name__ == "__main__":
    main()
