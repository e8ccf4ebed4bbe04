"""Glossary: the terms a licence text defines, in each usual form, with offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licenseparse.glossary import Definition, find_definitions
from licenseparse.known import known_text, scancode_licenses_dir


def _check_offsets(text: str, found: list[Definition]) -> None:
    for d in found:
        assert text[d.term_start:d.term_end] == d.term
        assert d.start <= d.term_start < d.term_end <= d.end <= len(text)
    keys = [(d.start, d.term) for d in found]
    assert keys == sorted(keys)
    assert len({d.term.casefold() for d in found}) == len(found)


def _defs(text: str) -> dict[str, Definition]:
    found = find_definitions(text)
    _check_offsets(text, found)
    return {d.term: d for d in found}


def _one(text: str) -> Definition:
    found = find_definitions(text)
    _check_offsets(text, found)
    assert len(found) == 1, found
    return found[0]


# --- Form 1: "X" means / shall mean / refers to / has the meaning / includes / is ------


@pytest.mark.parametrize(
    ("text", "term", "form"),
    [
        ('"Dataset" means the records we collected in 2021.', "Dataset", "means"),
        ('"Dataset" shall mean the records we collected.', "Dataset", "means"),
        ("\u201cDataset\u201d means the records we collected.", "Dataset", "means"),
        ("'Dataset' means the records we collected.", "Dataset", "means"),
        ("\u2018Dataset\u2019 means the records we collected.", "Dataset", "means"),
        ("\u00ab Jeu \u00bb d\u00e9signe les donn\u00e9es collect\u00e9es.", "Jeu", "means"),
        ('"Tool Kit" refers to the scripts shipped with the weights.', "Tool Kit", "refers"),
        ('"Tool Kit" shall refer to the scripts shipped here.', "Tool Kit", "refers"),
        ('"Affiliate" has the meaning given in Section 9.', "Affiliate", "meaning"),
        ('"Hardware" includes phones, tablets and watches.', "Hardware", "includes"),
        ('"Hardware" shall include phones and tablets.', "Hardware", "includes"),
        ('"Update" is any later release of the weights.', "Update", "is"),
        ("**Service** means the hosted version of the tool.", "Service", "means"),
        ('**"Service"** means the hosted version of the tool.', "Service", "means"),
    ],
)
def test_glossary_means_form_variants(text: str, term: str, form: str) -> None:
    d = _one(text)
    assert (d.term, d.form) == (term, form)
    assert (d.start, d.end) == (0, len(text))


def test_glossary_means_form_with_words_between_term_and_verb() -> None:
    text = ('The "build recipe" for a program means the scripts used to make it. '
            'The "Runtime Pieces" of a packaged program include the loader. '
            '"Plain" form shall mean the editable files.')
    found = _defs(text)
    assert found["build recipe"].form == "means"
    assert found["Runtime Pieces"].form == "includes"
    assert found["Plain"].form == "means"
    assert text[found["build recipe"].start:found["build recipe"].end] == (
        'The "build recipe" for a program means the scripts used to make it.')


def test_glossary_means_form_verb_on_next_line_after_numbered_label() -> None:
    text = ('2. Terms\n\n2.1. "Host"\n    means the company running the servers.\n\n'
            '2.2. "Guest" of a Host\n    means anyone the Host lets in.\n')
    found = _defs(text)
    assert list(found) == ["Host", "Guest"]
    assert text[found["Host"].start:found["Host"].end] == (
        '"Host"\n    means the company running the servers.')


def test_glossary_means_form_in_corner_brackets() -> None:
    d = _one("\u300c\u672c\u30e2\u30c7\u30eb\u300d\u3068\u306f\u3001\u5b66\u7fd2\u6e08\u307f"
             "\u306e\u91cd\u307f\u3092\u3044\u3046\u3002")
    assert d.term == "\u672c\u30e2\u30c7\u30eb"
    assert d.form == "means"


# --- Form 2: A "X" means, An "X" means, To "x" a work means --------------------------


def test_glossary_article_form() -> None:
    found = _defs('A "hosted copy" means a copy kept on a server. '
                  'An "Upgrade" means a newer release. '
                  'A "Bundle" is a set of programs sold together.')
    assert found["hosted copy"].form == "means"
    assert found["Upgrade"].form == "means"
    assert found["Bundle"].form == "is"


def test_glossary_to_verb_form() -> None:
    text = ('To "ship" a model means to hand a copy of it to someone else. '
            'To "tune" such a model for a client means to train it further.')
    found = _defs(text)
    assert [(d.term, d.form) for d in found.values()] == [
        ("ship", "to-verb"), ("tune", "to-verb")]
    assert found["ship"].start == 0


# --- Form 3: several names in one definition ----------------------------------------


@pytest.mark.parametrize(
    ("text", "term", "aliases"),
    [
        ('"Provider" or "we" means the company offering the model.', "Provider", ("we",)),
        ('"Affiliate" and "Affiliates" mean firms under common control.', "Affiliate",
         ("Affiliates",)),
        ('"Output", "Outputs" or "Results" means what the model returns.', "Output",
         ("Outputs", "Results")),
        ('"Operator" (or "Operators") shall mean whoever runs the service.', "Operator",
         ("Operators",)),
        ('"We," "us," and "our" refer to Acme Labs and its group.', "We", ("us", "our")),
        ('The terms "copy," "share" and "remix" have the same meaning as in the law.',
         "copy", ("share", "remix")),
    ],
)
def test_glossary_aliases(text: str, term: str, aliases: tuple[str, ...]) -> None:
    d = _one(text)
    assert (d.term, d.aliases) == (term, aliases)
    assert d.start == 0


def test_glossary_the_term_x_is_a_head_position() -> None:
    found = _defs('The term "Seat" is one named person. As used herein, the term "Pod" '
                  "is a group of seats. The word \u201cTeam\u201d means two or more pods.")
    assert [(d.term, d.form) for d in found.values()] == [
        ("Seat", "is"), ("Pod", "as-used"), ("Team", "means")]


# --- Form 4: unquoted Title Case terms ---------------------------------------------


def test_glossary_unquoted_terms_after_labels() -> None:
    text = ("Part 1 - Words used here.\n\n"
            "  a. Trained Weights refers to the numbers produced by training.\n\n"
            "  b. Model means the weights together with the code that runs them.\n\n"
            "  c. Terms of Service means the rules for the hosted tool.\n")
    found = _defs(text)
    assert list(found) == ["Trained Weights", "Model", "Terms of Service"]
    assert all(d.form == "unquoted" for d in found.values())
    assert text[found["Model"].start:found["Model"].end] == (
        "Model means the weights together with the code that runs them.")


def test_glossary_unquoted_term_at_sentence_and_paragraph_start() -> None:
    text = ("Some words first.\n\nModel means the trained network. "
            "Hosted Copy means a copy on a server.")
    assert list(_defs(text)) == ["Model", "Hosted Copy"]


@pytest.mark.parametrize(
    "text",
    [
        "This means that you may copy the files.",
        "It means the program can be shared.",
        "That means nothing more than it says.",
        "  (a) This means that the grant is broad.",
        "You may share it.\nThese means are not the only ones.",
        "Everything means something to someone.",
        "the model means well but is not a term.",
    ],
)
def test_glossary_unquoted_pronouns_and_lowercase_are_not_terms(text: str) -> None:
    assert find_definitions(text) == []


# --- Form 5: definitions lists ------------------------------------------------------


def test_glossary_list_form() -> None:
    text = ("Definitions\n"
            "Model: the trained weights and their configuration\n"
            "1.2 Output \u2013 the data the Model produces\n"
            "(c) Derivative - means any model trained from the Model\n"
            "- **Service**: the hosted interface\n"
            '"Platform": the website where the Service runs\n')
    found = _defs(text)
    assert list(found) == ["Model", "Output", "Derivative", "Service", "Platform"]
    assert all(d.form == "list" for d in found.values())
    # Each entry ends where the next one starts, though no line ends with a full stop.
    assert text[found["Model"].start:found["Model"].end] == (
        "Model: the trained weights and their configuration")


def test_glossary_list_form_needs_a_definition_after_the_colon() -> None:
    text = ("Note: This file is informative.\nWarning: the tool is experimental.\n"
            "OWNERSHIP: The tool stays ours.\nSupport Scheme - The vendor answers mail.\n"
            "Home Program:\n  a. for people at home only.\n")
    assert find_definitions(text) == []


# --- Form 6: as used herein / for purposes of ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'As used herein, "Seat" means one named person using the tool.',
        'As used in this Agreement, "Seat" shall have the meaning in Part 3.',
        'For purposes of this License, "Seat" is one named person.',
        'For the purposes of this section, "Seat" refers to a named person.',
    ],
)
def test_glossary_as_used_form(text: str) -> None:
    d = _one(text)
    assert d.term == "Seat"
    assert d.form == "as-used"
    assert d.start == 0


# --- Form 7: inline definitions -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ('Acme offers the model weights (the "Model") to everyone.', "Model"),
        ('This deal is made by Acme Labs (hereinafter "Licensor") today.', "Licensor"),
        ('Made by Acme Labs (hereinafter referred to as "Vendor") today.', "Vendor"),
        ('People who send patches (each a "Contributor") keep their rights.', "Contributor"),
        ('The code and data (collectively, "Materials") are covered.', "Materials"),
        ('This is between Acme and you ("Licensee") as of today.', "Licensee"),
        ("Acme ships the program (the \u201cSoftware\u201d) as a download.", "Software"),
        ("Acme publie le programme (le \u00abLogiciel\u00bb) en ligne.", "Logiciel"),
        ("Acme publie le programme (the \u00ab Logiciel \u00bb) en ligne.", "Logiciel"),
        ("\u5951\u7d04\uff08\u4ee5\u4e0b\u300c\u672c\u5951\u7d04\u300d\u3068\u3044\u3046"
         "\u3002\uff09\u306f\u6761\u4ef6\u3092\u5b9a\u3081\u308b\u3002",
         "\u672c\u5951\u7d04"),
    ],
)
def test_glossary_inline_form(text: str, term: str) -> None:
    d = _one(text)
    assert (d.term, d.form) == (term, "inline")
    assert (d.start, d.end) == (0, len(text))


def test_glossary_inline_span_is_the_sentence() -> None:
    text = ('First sentence here. Acme offers the weights (the "Model") to all. '
            "Last sentence.")
    d = _one(text)
    assert text[d.start:d.end] == 'Acme offers the weights (the "Model") to all.'


def test_glossary_inline_aliases() -> None:
    d = _one('Acme Labs ("Acme" or "we") publishes the tool.')
    assert (d.term, d.aliases, d.form) == ("Acme", ("we",), "inline")


def test_glossary_inline_span_uses_given_spans() -> None:
    text = 'Intro text; the weights (the "Model"); more text after it.'
    d = find_definitions(text, spans=[(12, 38)])
    assert [(x.term, x.start, x.end) for x in d] == [("Model", 12, 38)]


def test_glossary_called_form_with_aliases() -> None:
    d = _one('These parts are together referred to as the "Kit" or "Kits" below.')
    assert (d.term, d.aliases, d.form) == ("Kit", ("Kits",), "called")


def test_glossary_conditional_form() -> None:
    d = _one('A build is "reproducible" if two runs give the same bytes.')
    assert (d.term, d.form, d.start) == ("reproducible", "conditional", 0)


def test_glossary_forbidden_name_is_not_called_form() -> None:
    assert find_definitions('Derived tools may not be called "Zed" without consent.') == []


def test_glossary_called_form() -> None:
    text = ('The changed program is called a "remix" of the first one. '
            'Each reader is addressed as "you".')
    found = _defs(text)
    assert [(d.term, d.form) for d in found.values()] == [("remix", "called"),
                                                          ("you", "called")]
    assert found["you"].licensee


# --- Form 8 and other negatives -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'the "Software" is provided "AS IS", without any promise.',
        'The "Software" is provided "AS IS" and without support.',
        "THE TOOL IS PROVIDED \u201cAS IS\u201d WITHOUT WARRANTY.",
        'You must show "Built with Acme" on your web page.',
        'Click "I Accept" to continue with the download.',
        'The "Software" (as defined in Part 1) may be copied.',
        'Under this deal the "Software" shall be kept private.',
        '"Built with Acme" must appear in the footer.',
        '"Software" is provided without support.',
        'The phrase "as is" appears in Part 4.',
        'We give it away by any "means" we like.',
    ],
)
def test_glossary_references_and_quotations_are_not_definitions(text: str) -> None:
    assert find_definitions(text) == []


def test_glossary_quoted_title_is_a_term_only_when_defined() -> None:
    text = ('You must show "Built with Acme" on your page. '
            'A badge (the "Built with Acme") is shown.')
    assert [d.term for d in find_definitions(text)] == ["Built with Acme"]


# --- Licensee ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ('"You" means the person or company exercising the rights in this grant.', "You"),
        ('"Builder" means the person or entity exercising the rights granted here.',
         "Builder"),
        ('"Taker" means an individual or organization that accepts these terms.', "Taker"),
        ('The person or entity receiving the tool ("Recipient") must follow it.',
         "Recipient"),
        ('The company accepting these terms (the "Adopter") must follow it.', "Adopter"),
        ('This deal is between Acme and you ("Licensee") from today.', "Licensee"),
        ('"Client" or "you" means you, or the firm you work for.', "Client"),
        ('"Member" means you, and anyone acting for you.', "Member"),
        ("  e. Customer means the firm buying seats.\n", "Customer"),
        ("\u201c**Client**\u201d means you, or the firm you act for.", "Client"),
    ],
)
def test_glossary_licensee_marked(text: str, term: str) -> None:
    d = _one(text)
    assert d.term == term
    assert d.licensee


@pytest.mark.parametrize(
    "text",
    [
        '"Licensor" means the person or company granting the rights.',
        '"Publisher" means Acme Labs (the "Company") and its group.',
        '"Notice" means you have been told in writing.',
        '"Patch" means any change received by the maintainers from a sender.',
        'Acme Labs ("Acme") grants you this licence.',
        'It starts when the tool is first given to you ("Start Date").',
        'Anyone obtaining a copy of this tool and its manual (the "Tool") may use it.',
        '"Home Use" is use solely by the person downloading the tool.',
        'Acme and you (the "Parties") agree as follows.',
        '"Receiving Party" means a party receiving secret data.',
    ],
)
def test_glossary_licensee_not_marked(text: str) -> None:
    found = find_definitions(text)
    assert found
    assert not any(d.licensee for d in found)


# --- Form 9: acronyms spelled by the phrase before them ----------------------------


@pytest.mark.parametrize(
    ("text", "term", "expansion"),
    [
        ("Fees grow with the monthly active users (MAU) of each app.", "MAU",
         "monthly active users"),
        ("Disputes go to the Nordic Chamber of Trade (NCT) in Oslo.", "NCT",
         "Nordic Chamber of Trade"),
        ("Parts sold to the Office of Space Trade (OOST) are excluded.", "OOST",
         "Office of Space Trade"),
        ("Boards with field-programmable logic arrays (FPLAs) are covered.", "FPLAs",
         "field-programmable logic arrays"),
        ("Boards with field-programmable logic arrays (FLA) are covered.", "FLA",
         "field-programmable logic arrays"),
        ("It is shared under the Acme Free Tool Licence (FTL) only.", "FTL",
         "Free Tool Licence"),
        ("Scores from the Widget Quality Index (WQI2) are public.", "WQI2",
         "Widget Quality Index"),
        ("Ask the Harbour Data\n  Exchange (HDE) for a copy.", "HDE",
         "Harbour Data\n  Exchange"),
        ("Rules of the Pacific Rowing Union's (PRU) board apply.", "PRU",
         "Pacific Rowing Union"),
        ("Plots for teaching and learning (T&L) are free.", "T&L", "teaching and learning"),
        ("Do not upload Plot Theft Records\n(PTR) here.", "PTR", "Plot Theft Records"),
    ],
)
def test_glossary_acronym_form(text: str, term: str, expansion: str) -> None:
    d = _one(text)
    assert (d.term, d.aliases, d.form) == (term, (expansion,), "acronym")
    assert (d.start, d.end) == (0, len(text))
    assert not d.licensee


def test_glossary_acronym_gives_way_to_another_definition() -> None:
    text = ('Use the public web interface (PWI) to upload. '
            '"PWI" means the upload page run by Acme.')
    d = _one(text)
    assert (d.term, d.form) == ("PWI", "means")


def test_glossary_acronym_span_is_the_sentence() -> None:
    text = "First part. The Rowing Safety Board (RSB) sets the rules. Last part."
    d = _one(text)
    assert text[d.start:d.end] == "The Rowing Safety Board (RSB) sets the rules."


@pytest.mark.parametrize(
    "text",
    [
        "We ship parcels to many places (USA) every week.",
        "Read the General Public License (GNU) first.",
        "Send it to the office (TO) today.",
        "Both sides (AND) agree.",
        "Ask for the Rowing (RO) badge.",
        "It lists Widgets and Gadgets (II) below.",
        "The Nordic Chamber of Trade, Oslo (NCT) hears disputes.",
        "Boards of the Free Tool Licence (ftl) are covered.",
        "See part two (III) of this file.",
    ],
)
def test_glossary_acronym_initials_must_spell_it(text: str) -> None:
    assert find_definitions(text) == []


# --- Form 10: sentence-case unquoted terms -------------------------------------------


def test_glossary_sentence_case_terms() -> None:
    text = ("Words used here.\n\n"
            "Garden waste refers to cuttings, leaves and soil from a garden.\n"
            "  b. Shared plot shall mean a plot used by more than one household.\n"
            "Some text first. Rain barrel means a closed tank that keeps rain water.\n"
            "  c. Bulk order for schools means an order of more than ten bags.")
    found = _defs(text)
    assert list(found) == ["Garden waste", "Shared plot", "Rain barrel",
                           "Bulk order for schools"]
    assert all(d.form == "unquoted" for d in found.values())
    assert text[found["Rain barrel"].start:found["Rain barrel"].end] == (
        "Rain barrel means a closed tank that keeps rain water.")


@pytest.mark.parametrize(
    "text",
    [
        "Each garden plot means a lot of work.",
        "This garden plot means a lot to us.",
        "Such garden waste refers to cuttings.",
        "Which garden waste means trouble for us.",
        "There is a plot means test here.",
        "Use of the plot means you accept these rules.",
        "Your garden plot means a lot to us.",
        "Continued use means you accept the rules.",
        "Failure to pay means the plot is lost.",
        "You must refer to the rules.",
        "Any garden waste refers to cuttings.",
        "Plot holders always mean well.",
        "Garden plot assigned means the plot you got.",
        "Garden plot rules mean that you weed it.",
        "Garden waste and refers to cuttings.",
        "the garden plot means a lot.",
        "The club has written these rules for everyone who rents a plot in\n"
        "Garden plot means the land.",
    ],
)
def test_glossary_sentence_case_clauses_are_not_terms(text: str) -> None:
    assert find_definitions(text) == []


# --- Form 11: unquoted "X is a ..." in a definitions list ------------------------------


def test_glossary_unquoted_is_form_in_definitions_list() -> None:
    text = ("1. Definitions\n"
            "  (a) Plot means a piece of land in the garden.\n"
            "  (b) Raised Bed is  a  wooden  frame  filled  with  soil.\n"
            "  1.4 Tool Shed Keys are the keys kept at the gate.\n"
            "  - Compost Heap is any pile of garden waste.\n"
            "  \u2022 Seed Tray is an open box for young plants.\n"
            "  d.  Harvest means what a plot yields.\n")
    found = _defs(text)
    assert list(found) == ["Plot", "Raised Bed", "Tool Shed Keys", "Compost Heap",
                           "Seed Tray", "Harvest"]
    assert all(d.form == "unquoted" for d in found.values())
    assert text[found["Raised Bed"].start:found["Raised Bed"].end] == (
        "Raised Bed is  a  wooden  frame  filled  with  soil.")


@pytest.mark.parametrize(
    "text",
    [
        # No other definition nearby: a numbered rule, not a definitions list.
        "2.1 Raised Bed is a wooden frame filled with soil.\n",
        # Running text, no list label.
        'Plot means land.\nRaised Bed is a wooden frame filled with soil.\n',
        '"Plot" means land. Raised Bed is a wooden frame filled with soil.\n',
        # Pronouns, determiners, conditions and statements.
        '"Plot" means land.\n  b. This is the whole agreement.\n',
        '"Plot" means land.\n  b. The Gardener is a member.\n',
        '"Plot" means land.\n  b. You are a member of the club.\n',
        '"Plot" means land.\n  b. If You are a member, pay.\n',
        '"Plot" means land.\n  b. Acme is the owner of the plots.\n',
        '"Plot" means land.\n  b. Acme is the property of its members.\n',
    ],
)
def test_glossary_unquoted_is_form_needs_a_definitions_list(text: str) -> None:
    assert "Raised Bed" not in _defs(text)
    assert [d.term for d in find_definitions(text)] in ([], ["Plot"])


# --- Form 12: dash and colon entries opening with a capital ----------------------------


def test_glossary_quoted_list_entries_with_capital_body() -> None:
    text = ('"Seed Bank" \u2013 A store of seeds kept for members.\n'
            '"Ledger" \u2014 The book where loans are written down.\n'
            '"Keeper": Greenfield Garden Club, 4 Elm Road\n'
            "'Loan Limit': Member's total number of packets per season.\n"
            '"Packet" - Includes the envelope and the label.\n'
            '"Lend" \u2013 As a verb, means hand seeds to a member.\n')
    found = _defs(text)
    assert list(found) == ["Seed Bank", "Ledger", "Keeper", "Loan Limit", "Packet", "Lend"]
    assert all(d.form == "list" for d in found.values())


def test_glossary_caps_block_definitions_list() -> None:
    text = ("1) TERMS\n\n"
            "1.1) OWNER: Greenfield Garden Club, 4 Elm Road,\nSpringfield.\n\n"
            "1.2) MEMBER: The person who rents a plot.\n\n"
            "1.3) SEED STOCK: The packets held in the shed.\n\n"
            "2) RULES\n\nMembers weed their plots.\n")
    found = _defs(text)
    assert list(found) == ["OWNER", "MEMBER", "SEED STOCK"]
    assert all(d.form == "list" for d in found.values())
    assert text[found["OWNER"].start:found["OWNER"].end] == (
        "OWNER: Greenfield Garden Club, 4 Elm Road,\nSpringfield.")


@pytest.mark.parametrize(
    "text",
    [
        # A single all-caps entry is a heading run into its first sentence.
        "3. OWNER: Greenfield Garden Club, 4 Elm Road.\n\nMembers weed their plots.\n",
        # Run-in headings in a row: heading words, or a verb in the first words.
        "5. OWNERSHIP: The plots stay with the club.\n6. SUPPORT: The club answers mail.\n",
        "5. PLOT CARE: The members must weed.\n6. SHED USE: The keys are at the gate.\n",
        "i. SEASON PASS: If You hold a pass, enter.\nii. DAY PASS: If You hold one, wait.\n",
        # A bullet is not a numbered label.
        "- OWNER: Greenfield Garden Club, 4 Elm Road\n- MEMBER: The person who rents.\n",
        # Title Case and bold terms with a capital body are headings.
        "Plot Care - The members weed.\n**Shed Use**: The keys are at the gate.\n",
        # Quoted, but the body is an instruction or a sentence.
        '"Plot Name" \u2013 Please write the name of the plot.\n',
        '"Plot Name": This is where the name goes.\n',
        '"Plot" - The club keeps the list of plots.\n',
    ],
)
def test_glossary_capital_list_bodies_rejected(text: str) -> None:
    assert find_definitions(text) == []


# --- Form 13: a parenthetical or "as used" phrase before the verb -----------------------


@pytest.mark.parametrize(
    ("text", "term", "form"),
    [
        ('"Spare Parts" (if any) are the pieces shipped in the second box.', "Spare Parts",
         "is"),
        ('"Kit" (as the word is used in this note) means the box and its parts.', "Kit",
         "means"),
        ('"Kit" (or the kits, in Part 3) refers to the boxes we ship.', "Kit", "refers"),
        ('"Fair Dealing" as used in this Licence is defined under the law of Ruritania.',
         "Fair Dealing", "as-used"),
        ('"Kit", as used in this note, means the box and its parts.', "Kit", "means"),
        ('"Kit" as used herein is a box and its parts.', "Kit", "is"),
    ],
)
def test_glossary_aside_before_the_verb(text: str, term: str, form: str) -> None:
    d = _one(text)
    assert (d.term, d.form) == (term, form)
    assert (d.start, d.end) == (0, len(text))


@pytest.mark.parametrize(
    "text",
    [
        '"Kit" (in its box) is shipped on Mondays.',
        '"Kit" (beta) is experimental.',
        '"Kit" (as defined in Part 2) is a box.',
        '"Kit" (in Part 2) is defined in the annex.',
        '"Kit" (if any) must include a manual.',
        '"Kit" (if any) shall be returned.',
        '"Kit" as used in this note is governed by the law.',
        'You keep the "Kit" (if any) and the manual.',
    ],
)
def test_glossary_aside_statements_are_not_definitions(text: str) -> None:
    assert find_definitions(text) == []


# --- Form 14: 'The "X" is the ...' ------------------------------------------------------


def test_glossary_the_quoted_term_is_form() -> None:
    text = ('The "Keeper" is the person or club that lends the seeds. '
            'A "Packet" is the envelope and what it holds. '
            "The \u201cSwap Days\u201d are certain weekends listed on the board. "
            "  - The **borrower** is any member who takes a packet.")
    found = _defs(text)
    assert [(d.term, d.form) for d in found.values()] == [
        ("Keeper", "is"), ("Packet", "is"), ("Swap Days", "is"), ("borrower", "is")]
    assert found["Keeper"].start == 0


@pytest.mark.parametrize(
    "text",
    [
        'The "Kit" is provided without support.',
        'The "Kit" is the property of Acme.',
        'The "Kit" is the sole remedy.',
        'The "Kit" is shipped in a box.',
        'The "Kit" is not a toy.',
        'The "Kit" must include a manual.',
        '"Built with Acme" must include the logo.',
        'You keep the "Kit" is a toy.',
        'In this case the "Kit" is a box.',
        'The "Kit" of a member is a box.',
    ],
)
def test_glossary_the_quoted_term_statements_are_not_definitions(text: str) -> None:
    assert find_definitions(text) == []


# --- Form 15: Chinese and Japanese definition verbs -----------------------------------


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("\u201c\u79cd\u5b50\u201d\u662f\u6307\u4ff1\u4e50\u90e8\u4fdd\u5b58\u7684\u79cd\u5b50"
         "\u3002", "\u79cd\u5b50"),
        ("\u201c\u4f1a\u5458\u201d \u662f\u6307\u79df\u7528\u5730\u5757\u7684\u4eba\u3002",
         "\u4f1a\u5458"),
        ("\u300c\u672c\u89c4\u5219\u300d\u6307\u672c\u6587\u4ef6\u3002", "\u672c\u89c4\u5219"),
        ("\u201c\u5730\u5757\u201d  \u7cfb\u6307\u82b1\u56ed\u4e2d\u7684\u4e00\u5757\u571f"
         "\u5730\u3002", "\u5730\u5757"),
        ("\u201c\u5de5\u5177\u201d\u610f\u6307\u68da\u5c4b\u91cc\u7684\u5de5\u5177\u3002",
         "\u5de5\u5177"),
        ("\u201c\u6536\u6210\u201d\u6307\u7684\u662f\u5730\u5757\u7684\u4ea7\u51fa\u3002",
         "\u6536\u6210"),
        ("\u300c\u672c\u30c4\u30fc\u30eb\u300d\u3068\u306f\u3001\u3053\u306e\u9053\u5177"
         "\u3092\u3044\u3046\u3002", "\u672c\u30c4\u30fc\u30eb"),
        ("\u5728\u672c\u89c4\u5219\u4e2d\uff0c\u201c\u79cd\u5b50\u201d\u662f\u6307\u4ff1"
         "\u4e50\u90e8\u7684\u79cd\u5b50\u3002", "\u79cd\u5b50"),
    ],
)
def test_glossary_cjk_definition_verbs(text: str, term: str) -> None:
    d = _one(text)
    assert (d.term, d.form) == (term, "means")


@pytest.mark.parametrize(
    "text",
    [
        # 指南 "guide", 指定 "designate", 是 "is" alone.
        "\u201c\u79cd\u5b50\u201d\u6307\u5357\u89c1\u9644\u5f55\u3002",
        "\u7531\u201c\u4f1a\u5458\u201d\u6307\u5b9a\u5730\u5757\u3002",
        "\u201c\u79cd\u5b50\u201d\u662f\u514d\u8d39\u7684\u3002",
    ],
)
def test_glossary_cjk_non_definitions(text: str) -> None:
    assert find_definitions(text) == []


# --- Form 16: older quote marks ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("2.1. ''Plot Holder'' means a member who rents a plot.", "Plot Holder"),
        ("2.2. ``Seed Store'' means the shed behind the gate.", "Seed Store"),
        ('2.3. "Tool Rack\'\' means the wall where tools hang.', "Tool Rack"),
        ("2.4. \u201cWater Rota'' means the list of who waters when.", "Water Rota"),
        ("2.5. \u201cCompost Bay\u201d\u2019 means the bins by the hedge.", "Compost Bay"),
        ("2.6. \"Compost Bay\"' means the bins by the hedge.", "Compost Bay"),
    ],
)
def test_glossary_older_quote_marks(text: str, term: str) -> None:
    d = _one(text)
    assert (d.term, d.form) == (term, "means")


def test_glossary_older_quote_marks_inline_and_aliases() -> None:
    text = ("Greenfield Club (''Club'') runs the site. "
            "\"Member'' (or \"Members\") means a person on the roll.")
    found = _defs(text)
    assert found["Club"].form == "inline"
    assert found["Member"].aliases == ("Members",)


@pytest.mark.parametrize(
    "text",
    [
        "The shed is provided ''AS IS'' without repairs.",
        "Members say ``hello'' at the gate.",
        "The \"Club\"' sign is provided by the town.",
        "The Club's ''plot'' rules were read out.",
    ],
)
def test_glossary_older_quote_marks_need_a_shape(text: str) -> None:
    assert find_definitions(text) == []


# --- Form 17: more names for one term -------------------------------------------------


def test_glossary_two_names_in_one_pair_of_quotes() -> None:
    d = _one('"Seat or Seats" shall mean a place at the club table.')
    assert (d.term, d.aliases) == ("Seat", ("Seats",))
    d = _one('"Rakes or Hoes" means the long tools in the shed.')
    assert (d.term, d.aliases) == ("Rakes or Hoes", ())


def test_glossary_article_inside_the_quotes_gives_an_alias() -> None:
    d = _one('The seeds we keep (hereafter "the Bank") are lent out.')
    assert (d.term, d.aliases) == ("the Bank", ("Bank",))


def test_glossary_names_side_by_side() -> None:
    d = _one("\u201cClub\u201d \u201cwe\u201d \u201cour\u201d or \u201cus\u201d means the "
             "Greenfield Garden Club.")
    assert (d.term, d.aliases) == ("Club", ("we", "our", "us"))
    # A name on the line before is not part of the chain.
    text = 'Ask for "Seeds"\n"Tools" means the rakes and hoes.'
    assert [(d.term, d.aliases) for d in find_definitions(text)] == [("Tools", ())]


def test_glossary_variants_in_a_parenthesis() -> None:
    d = _one('"Weeding" and its variants (such as "weed" and "weeds") mean '
             "pulling out what was not sown.")
    assert (d.term, d.aliases, d.form) == ("Weeding", ("weed", "weeds"), "means")


def test_glossary_later_definition_gives_new_names() -> None:
    text = ('Greenfield Club ("Club") runs the site. '
            '"Club", "we" or "us" means the Greenfield Garden Club.')
    found = _defs(text)
    assert (found["Club"].form, found["Club"].aliases) == ("inline", ())
    assert (found["we"].aliases, found["we"].form) == (("us",), "means")
    # The same names again give nothing new.
    text = ('"Club" or "we" means the garden club. '
            'Later, "Club" or "we" means the club and its board.')
    assert [d.term for d in find_definitions(text)] == ["Club"]


# --- Form 18: more naming words ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term", "form"),
    [
        ("You may change the seed list (your \u201cChanges\u201d) at any time.", "Changes",
         "inline"),
        ('Duties the club must keep (so-called "core duties") come first.', "core duties",
         "inline"),
        ('Plots let by the town, defined herein as "Town Plots", are cheaper.', "Town Plots",
         "called"),
        ('The shed and tools, hereinafter referred to as "Kit", stay on site.', "Kit",
         "inline"),
        ('THIS DEAL IS BETWEEN YOU, THE "PLOT HOLDER", AND THE CLUB.', "PLOT HOLDER",
         "inline"),
        ('"Kit" comprises the shed, the tools and the hose.', "Kit", "includes"),
        ('"Kit" shall consist of the shed and the tools.', "Kit", "includes"),
        ('These Garden Rules (these "Rules") apply to every plot.', "Rules", "inline"),
        ('THIS PLOT AGREEMENT (THIS "AGREEMENT") IS MADE TODAY.', "AGREEMENT", "inline"),
        ('THE "START DATE" OF THIS AGREEMENT IS THE DAY YOU FIRST DIG.', "START DATE", "is"),
    ],
)
def test_glossary_more_naming_words(text: str, term: str, form: str) -> None:
    d = _one(text)
    assert (d.term, d.form) == (term, form)


def test_glossary_appositive_names_the_licensee() -> None:
    assert _one('This deal is between you, the "Plot Holder", and the club.').licensee


@pytest.mark.parametrize(
    "text",
    [
        'Read the rules (see our "Plot Guide") before you dig.',
        'We lend seeds to you, "Rita", and to others.',
        'The shed (which is "Kit") is old.',
    ],
)
def test_glossary_more_naming_words_need_their_shape(text: str) -> None:
    assert find_definitions(text) == []


# --- Form 19: a plural subject named at the end of its sentence ---------------------------


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ('The packets listed below are "Swap Seeds." You may trade them.', "Swap Seeds"),
        ("Rakes and hoes are collectively \u201cLong Tools\u201d. Keep them dry.",
         "Long Tools"),
        ('Plots by the gate are "Front Plots," and plots by the hedge are "Back Plots".',
         "Front Plots"),
        ('The tools (collectively, rakes and hoes are the "Long Tools"); and the shed.',
         "Long Tools"),
    ],
)
def test_glossary_predicate_naming(text: str, term: str) -> None:
    found = _defs(text)
    assert found[term].form == "called"
    assert found[term].start == 0


@pytest.mark.parametrize(
    "text",
    [
        'The club shed is "Green Shed". It is old.',
        'The "Kit" of this club is the property of Acme.',
        'The seeds are "Swap Seeds" and may be traded.',
        'The seeds are "Free Items," as that phrase is used in the town rules.',
        'The seeds are not "Swap Seeds".',
    ],
)
def test_glossary_predicate_naming_needs_its_shape(text: str) -> None:
    assert find_definitions(text) == []


def test_glossary_conditional_with_a_place_and_when() -> None:
    d = _one('A hose is "in service" at a plot when it is joined to the tap.')
    assert (d.term, d.form) == ("in service", "conditional")
    assert find_definitions('A hose is "Blue" and may be used when dry.') == []


def test_glossary_to_verb_with_a_long_object() -> None:
    d = _one('To "Keep the Label" of a packet when you split the seeds means that '
             "the name stays on it.")
    assert (d.term, d.form) == ("Keep the Label", "to-verb")


# --- Form 20: unquoted names given in passing --------------------------------------------


@pytest.mark.parametrize(
    ("text", "term", "form"),
    [
        ("Seeds given by members, defined herein as Member Seeds, are free.", "Member Seeds",
         "called"),
        ("The Greenfield Garden Club (hereafter referred to as GGC) owns it.", "GGC",
         "called"),
        ("Anyone against whom a claim is made is referred to as Respondent) in Part 6.",
         "Respondent", "called"),
        ("The club lends you its tools (the Kit), free of charge.", "Kit", "inline"),
        ("Use of a plot is subject to the Plot Rules v2 (this Licence) below.",
         "this Licence", "inline"),
        ("Rakes, hoes and spades (collectively, Long Tools) stay in the shed.", "Long Tools",
         "inline"),
        ("The club lends the tools to you (Member) for the season.", "Member", "inline"),
        ("The club lends seeds to you (Licensee) for the season.", "Licensee", "inline"),
        ("Use of a plot means you accept this plot agreement (Agreement).", "Agreement",
         "inline"),
        ("The Greenfield Garden Club (Greenfield) owns the land.", "Greenfield", "inline"),
        ("Parties:\n\n(1) GREENFIELD Club Ltd, of 4 Elm Road, Springfield AB1 2CD "
         "(GREENFIELD).", "GREENFIELD", "inline"),
        ("A claim says the Member Tool (meaning the tool a member built) is broken.",
         "Member Tool", "means"),
        ("Made by you or your plot partner (which, for these rules, will mean a person "
         "who shares a plot) alone.", "plot partner", "means"),
        ("Ask for the SLA (Service Level Agreement) before you sign.", "SLA", "acronym"),
    ],
)
def test_glossary_unquoted_names_in_passing(text: str, term: str, form: str) -> None:
    found = _defs(text)
    assert found[term].form == form


def test_glossary_unquoted_name_licensee_and_span() -> None:
    text = "First part. The club lends seeds to you (Licensee) for the season. Last."
    d = _one(text)
    assert d.licensee
    assert text[d.start:d.end] == "The club lends seeds to you (Licensee) for the season."
    d = _one("Ask for the SLA (Service Level Agreement) before you sign.")
    assert d.aliases == ("Service Level Agreement",)


@pytest.mark.parametrize(
    "text",
    [
        "The tools may only be referred to as the Tool Names listed above.",
        "Seeds are sometimes referred to as Heirlooms or Landraces.",
        "The list is printed in Section 9 (Plot Rules) of the handbook.",
        "Plots are let under the Allotments Act (Wessex) to residents.",
        "It follows the town decision (EU) 2021/914 on plots.",
        "Send post to Greenfield (Club), 4 Elm Road.",
        "We lend seeds to members (Weekly) in spring.",
        "The club uses SGA 2.0 (the Simple Garden API) for its site.",
        "The tool was fixed (meaning that it works again).",
        "Damages in TORT (INCLUDING NEGLIGENCE) are excluded.",
        "Fees apply (see the Price List) to all plots.",
    ],
)
def test_glossary_unquoted_names_need_their_shape(text: str) -> None:
    assert find_definitions(text) == []


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Tools must be returned. A Long Tool is one that is taller than a child.",
         "Long Tool"),
        ("Plots are let yearly. A Shared Plot shall be defined as either: a plot for two.",
         "Shared Plot"),
        ("Seeds are lent in spring. An Heirloom Seed means a seed kept for fifty years.",
         "Heirloom Seed"),
        ("Sheds are locked. The Key Holder is defined as the member with the key.",
         "Key Holder"),
        ("  b. A Raised Bed is a wooden frame that holds soil.", "Raised Bed"),
    ],
)
def test_glossary_article_headed_unquoted_terms(text: str, term: str) -> None:
    found = _defs(text)
    assert found[term].form == "unquoted"


@pytest.mark.parametrize(
    "text",
    [
        "The Club means that every member gets a plot.",
        "The Key Holder is a member who holds the key.",
        "Members agree that A Long Tool is one that is tall.",
        "A Long Tool is taller than a child.",
    ],
)
def test_glossary_article_headed_statements_are_not_terms(text: str) -> None:
    assert find_definitions(text) == []


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Bulbs are sold too. For a bulb, full label means the name and the colour.",
         "full label"),
        ("For the purposes of this rule, lent means any loan of a tool.", "lent"),
        ("i. Borrow the tools, where borrow means to take them home for a day.", "borrow"),
    ],
)
def test_glossary_lower_case_terms_after_an_introduction(text: str, term: str) -> None:
    found = _defs(text)
    assert found[term].form == "unquoted"


@pytest.mark.parametrize(
    "text",
    [
        "In other words, this means you may dig.",
        "For example, use reasonable means to keep it dry.",
        "Under these rules, members mean well.",
        "Bring a trowel, where this means a small spade.",
        "Some text.\nFor a bulb the label means a name.",
    ],
)
def test_glossary_lower_case_clauses_are_not_terms(text: str) -> None:
    assert find_definitions(text) == []


def test_glossary_unquoted_plural_marker() -> None:
    d = _one("Words used here.\n  f.  Order Form(s) means a signed order for seeds.\n")
    assert (d.term, d.form) == ("Order Form(s)", "unquoted")


def test_glossary_list_entries_with_infinitive_bodies() -> None:
    text = ("Rights of members:\n"
            "  i. Borrow:  To take a tool home for one day.\n"
            "  ii. Swap Seeds: To trade packets with other members.\n")
    found = _defs(text)
    assert list(found) == ["Borrow", "Swap Seeds"]
    assert all(d.form == "list" for d in found.values())
    assert find_definitions("HOW TO BORROW: To borrow, ask at the shed.\n") == []


def test_glossary_chinese_here_means() -> None:
    text = ("\u672c\u4ff1\u4e50\u90e8\u51fa\u501f\u5de5\u5177\u3002\u6b64\u5904\u7684"
            "\u501f\u7528\u662f\u6307\u5e26\u56de\u5bb6\u4e00\u5929\u3002")
    d = _one(text)
    assert (d.term, d.form) == ("\u501f\u7528", "means")
    assert find_definitions("\u6b64\u5904\u7684\u5de5\u5177\u5f88\u65e7\u3002") == []


# --- Offsets, order, duplicates, spans ---------------------------------------------


_MIXED = (
    "Terms of Use\n\n"
    '1. "Model" means the trained weights.\n\n'
    '2. "You" (or "Your") means the person exercising these rights.\n\n'
    "3. To \u201crelease\u201d a model means to make it public. "
    'Acme Labs (hereinafter "Acme") keeps the name.\n\n'
    '4. "Model" also means, for Part 6, the code.\n\n'
    "  e. Hosted Copy refers to a copy running on a server.\n\n"
    "For purposes of this License, 'Seat' is one named person.\n"
)


def test_glossary_offsets_and_order() -> None:
    found = find_definitions(_MIXED)
    _check_offsets(_MIXED, found)
    assert [(d.term, d.form) for d in found] == [
        ("Model", "means"), ("You", "means"), ("release", "to-verb"),
        ("Acme", "inline"), ("Hosted Copy", "unquoted"), ("Seat", "as-used")]
    you = found[1]
    assert you.aliases == ("Your",)
    assert you.licensee
    assert _MIXED[you.start:you.end] == (
        '"You" (or "Your") means the person exercising these rights.')


def test_glossary_duplicates_keep_the_first() -> None:
    text = '"Model" means the weights. Later, "Model" means the code too.'
    d = _one(text)
    assert d.end == len('"Model" means the weights.')


def test_glossary_same_sentence_sorted_by_term() -> None:
    text = 'Acme Labs (the "Vendor") sells the tool (the "App") to shops.'
    assert [d.term for d in find_definitions(text)] == ["App", "Vendor"]


def test_glossary_spans_restrict_the_search() -> None:
    text = '"Alpha" means one. "Beta" means two. "Gamma" means three.'
    beta = text.index('"Beta"')
    found = find_definitions(text, spans=[(beta, beta + len('"Beta" means two.'))])
    assert [(d.term, d.start, d.end) for d in found] == [("Beta", beta, beta + 17)]
    assert find_definitions(text, spans=[]) == []


def test_glossary_empty_and_plain_text() -> None:
    assert find_definitions("") == []
    assert find_definitions("No terms are defined in this short note.") == []


# --- Adversarial input: every pattern reads a bounded window ---------------------------

_N = 200_000


@pytest.mark.parametrize(
    "text",
    [
        '"' * _N,
        "'" * _N,
        "\u201c" * _N,
        "*" * _N,
        "(" * _N,
        "\n" * _N,
        ('(the "' * _N)[:_N],
        ('(the "X") ' * _N)[:_N],
        ('"a" ' * _N)[:_N],
        ('"A" or "B", ' * _N)[:_N],
        ('"X" means ' * _N)[:_N],
        ("'a " * _N)[:_N],
        ("\u00ab a " * _N)[:_N],
        ("1. " * _N)[:_N],
        ("Model Data Weight Term Code Rights\n" * _N)[:_N],
        ('The "X" of a b c d e f g h i j ' * _N)[:_N],
        ("For purposes of " * _N)[:_N] + '"X" means it.',
        ("Alpha Beta (AB) " * _N)[:_N],
        ("aa " * 60 + "(ABCDEF) ") * (_N // 190),
        ("of " * 30 + "Alpha (AOOOOO) ") * (_N // 105),
        ("1.1) LICENSOR: Acme Corp Beta\n\n" * _N)[:_N],
        ("a. Representation is a thing\nb. Representation means y\n" * _N)[:_N],
        ("Garden waste refers to x. " * _N)[:_N],
        ('"X" (if any) are the ' * _N)[:_N],
        ('"X" as used in' + " " * 60 + "y ") * (_N // 76),
        ('The "X" is the ' * _N)[:_N],
        ("\u201c\u79cd\u5b50\u201d\u662f\u6307" * _N)[:_N],
        ('"X" - The\n' * _N)[:_N],
        ("''a " * _N)[:_N],
        ("``a " * _N)[:_N],
        ("\"a'' " * _N)[:_N],
        ("\u201ca'' " * _N)[:_N],
        ('"a"\' ' * _N)[:_N],
        ('"A" "b" ' * _N)[:_N],
        ('"A" and its variants (such as "b" ' * _N)[:_N],
        ("(the A " * _N)[:_N],
        ("x (Licensee) " * _N)[:_N],
        ("(A) (B) " * _N)[:_N],
        ("defined herein as A " * _N)[:_N],
        ("referred to as " * _N)[:_N],
        ("A Kit is one that " * _N)[:_N],
        ("For a, bc means the " * _N)[:_N],
        ("where ab means to " * _N)[:_N],
        ("ABC (Alpha Beta " * _N)[:_N],
        ("the Tool (meaning " * _N)[:_N],
        ("i. A: To a\n" * _N)[:_N],
        ("\u6b64\u5904\u7684" * _N)[:_N],
    ],
    ids=lambda t: repr(t[:12]),
)
def test_glossary_adversarial_input_runs(text: str) -> None:
    found = find_definitions(text)
    _check_offsets(text, found)
    assert len(found) <= 1


_PIECES = st.sampled_from([
    '"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb", "\u300c", "\u300d",
    "**", "(", ")", "(the ", "(hereinafter ", "Model", "Output Data", "you", "the ", "a ",
    "To ", " means ", " shall mean ", " refers to ", " is ", " or ", ", ", ": ", " - ",
    "As used herein, ", "This", ". ", ".\n", "\n", "\n\n", "  (a) ", "1.1. ", " ", "AS IS",
    "is called ", "x" * 90, "Alpha Beta ", "(AB)", "(ABs)", " is a ", "The ", "  b. ",
    "LICENSOR: ", " (if any) ", " as used herein ", "\u201c\u79cd\u5b50\u201d", "\u662f\u6307",
    "Garden waste ", " \u2013 A ", "''", "``", "(your ", "(Licensee)", "(the Kit)",
    "defined herein as ", "An ", " is one that ", "(meaning the ", "For a bulb, ",
    " and its variants (such as ", "\u6b64\u5904\u7684", " are ",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_glossary_invariants_on_generated_text(text: str) -> None:
    found = find_definitions(text)
    _check_offsets(text, found)
    for d in found:
        assert d.term.strip() == d.term
        assert len(d.term.split()) <= 8
        assert d.term.casefold() not in {"as is", "as-is"}
    # With spans given, every definition stays inside the span it was found in.
    spans = [(i, min(len(text), i + 40)) for i in range(0, len(text), 40)]
    in_spans = find_definitions(text, spans=spans)
    _check_offsets(text, in_spans)
    for d in in_spans:
        assert any(s <= d.start and d.end <= e for s, e in spans)


# --- Real licence texts ------------------------------------------------------------

_EXPECTED = {
    "apache-2.0": (
        ["License", "Licensor", "Legal Entity", "control", "You", "Source", "Object",
         "Work", "Derivative Works", "Contribution", "submitted", "Contributor"],
        ["You"],
    ),
    "gpl-3.0": (
        ["This License", "Copyright", "The Program", "you", "modify", "modified version",
         "covered work", "propagate", "convey", "source code", "Object code",
         "Standard Interface", "System Libraries", "Major Component",
         "Corresponding Source", "aggregate", "User Product", "consumer product",
         "normally used", "Installation Information", "Additional permissions",
         "entity transaction", "contributor", "contributor version",
         "essential patent claims", "patent license", "grant", "Knowingly relying",
         "discriminatory"],
        ["you"],
    ),
    "mpl-2.0": (
        ["Contributor", "Contributor Version", "Contribution", "Covered Software",
         "Incompatible With Secondary Licenses", "Executable Form", "Larger Work",
         "License", "Licensable", "Modifications", "Patent Claims", "Secondary License",
         "Source Code Form", "You", "control"],
        ["You"],
    ),
    "llama-3.1-license-2024": (
        ["Agreement", "Documentation", "Licensee", "Llama 3.1", "Llama Materials", "Meta",
         "Mark"],
        ["Licensee"],
    ),
    "cc-by-4.0": (
        ["Creative Commons", "Public License", "Adapted Material", "Adapter's License",
         "Copyright and Similar Rights", "Effective Technological Measures",
         "Exceptions and Limitations", "Licensed Material", "Licensed Rights", "Licensor",
         "Share", "Sui Generis Database Rights", "You", "Your"],
        ["You", "Your"],  # "Your has a corresponding meaning."
    ),
}
_NOT_TERMS = {"AS IS", "Built with Llama", "I Accept", "Llama", "Notice", "NOTICE",
              "Not a Contribution", "as-is", "based on"}


@pytest.mark.parametrize("key", sorted(_EXPECTED))
def test_glossary_real_licence_texts(key: str) -> None:
    if scancode_licenses_dir() is None:
        pytest.skip("ScanCode licence data not installed (pip install -e '.[test]')")
    text, _ = known_text(key)
    found = find_definitions(text)
    _check_offsets(text, found)
    terms = {d.term: d for d in found}
    expected, licensees = _EXPECTED[key]
    missing = [t for t in expected if t not in terms]
    assert missing == []
    assert sorted(d.term for d in found if d.licensee) == sorted(licensees)
    assert not set(terms) & _NOT_TERMS
    assert all(len(d.term.split()) <= 8 for d in found)
    if key in ("apache-2.0", "mpl-2.0"):
        assert terms["You"].aliases == ("Your",)
    if key == "llama-3.1-license-2024":
        assert terms["Licensee"].aliases == ("you",)
        assert terms["Meta"].aliases == ("we",)
        assert terms["Mark"].form == "inline"


# Each newer shape, in the ScanCode texts that use it.
_EXPECTED_NEW = {
    "odbl-1.0": ["Database", "Contents", "Convey"],
    "gfdl-1.3": ["Cover Texts", "Invariant Sections", "Preserve the Title"],
    "mulanpsl-2.0": ["\u8f6f\u4ef6", "\u8d21\u732e\u8005", "\u6cd5\u4eba\u5b9e\u4f53",
                     "\u63a7\u5236", "this License"],
    "mdl-2021": ["Representation", "Data", "Model", "Licensee", "License", "access",
                 "Benchmark", "Internal Use"],
    "mpl-1.0": ["Contributor", "Covered Code", "You", "control", "Netscape"],
    "sugarcrm-1.1.3": ["Contributor Version", "You", "SugarCRM"],
    "anaconda-tos-2024-03-30": ["we", "Third Party Content", "Offering Description",
                                "Site License"],
    "ms-visual-studio-2017": ["Distributable Code", "Excluded License", "cardinal obligations"],
    "xmos-commercial-2017": ["XMOS", "Customer", "XMOS Software"],
    "qt-commercial-1.1": ["Party", "Joint Hardware and Software Distribution"],
    "cddl-1.1": ["Participant Software"],
    "nero-eula": ["END USER", "in use", "FAQ"],
    "tenable-nessus": ["Including"],
    "sleepycat": ["complete source code"],
    "frameworx-1.0": ["License"],
    "gretelai-sal-1.0": ["your", "Modifications"],
    "new-relic-1.0": ["the Software"],
    "intel-master-eula-sw-dev-2016": ["customer"],
    "beegfs-eula-2024": ["LICENSOR", "LICENSEE", "LICENSED SOFTWARE", "DOCUMENTATION"],
    "rpl-1.5": ["Derivative Works"],
}


@pytest.mark.parametrize("key", sorted(_EXPECTED_NEW))
def test_glossary_real_licence_texts_newer_shapes(key: str) -> None:
    if scancode_licenses_dir() is None:
        pytest.skip("ScanCode licence data not installed (pip install -e '.[test]')")
    text, _ = known_text(key)
    found = find_definitions(text)
    _check_offsets(text, found)
    terms = {d.term for d in found}
    assert [t for t in _EXPECTED_NEW[key] if t not in terms] == []


def test_glossary_list_entries_written_with_their_article() -> None:
    # The EUPL's list: the article is no part of the name, "or (the)" adds a second name.
    text = ("1. Definitions\n\n- The Licence: this Licence.\n\n"
            "- The Original Work or the Software: the software the Licensor provides.\n\n"
            '- The Licensee or "You": any person who makes any use of the Software.\n\n'
            "- Distribution and/or Communication: any act of selling or lending it.\n")
    found = _defs(text)
    assert set(found) == {"Licence", "Original Work", "Licensee",
                          "Distribution and/or Communication"}
    assert found["Original Work"].aliases == ("Software",)
    assert found["Licensee"].aliases == ("You",) and found["Licensee"].licensee
    # A sentence that opens with "The X:" is no entry of a list.
    assert _defs("The Licensor shall: keep the notice.\n") == {}


def test_glossary_french_and_chinese_definition_lists() -> None:
    found = _defs("Article 1\n\nContrat: d\u00e9signe le pr\u00e9sent contrat.\n\n"
                  "Logiciel Modifi\u00e9: d\u00e9signe le Logiciel modifi\u00e9.\n")
    assert set(found) == {"Contrat", "Logiciel Modifi\u00e9"}
    found = _defs("1.2 \u6a21\u578b:\u662f\u6307\u968f\u9644\u7684\u53c2\u6570\u3002\n"
                  "1.9 \u60a8(\u6216\u60a8\u7684):\u662f\u6307\u81ea\u7136\u4eba\u3002\n")
    assert set(found) == {"\u6a21\u578b", "\u60a8"}
    assert found["\u60a8"].aliases == ("\u60a8\u7684",) and found["\u60a8"].licensee
    # Prose that says what something includes is no entry.
    assert _defs("\u6211\u4eec\u7684\u670d\u52a1\u5305\u62ec\u5f88\u591a\u5185\u5bb9\u3002\n") == {}


def test_glossary_corresponding_meaning_and_scoped_inline_forms() -> None:
    found = _defs("You means the person exercising the rights. Your has a corresponding\n"
                  "     meaning.")
    assert set(found) == {"You", "Your"} and found["Your"].licensee
    found = _defs('Support is free for thirty days (the "Support Period" for the purposes '
                  "of this paragraph 6(a)) after purchase. The parties (as applicable, "
                  '"You") agree. Any text identified therein as an "Attribution Notice." '
                  "must be kept.")
    assert set(found) == {"Support Period", "You", "Attribution Notice"}
    # "has a corresponding meaning" in the middle of a sentence names nothing.
    assert _defs("the word Licensed here has a corresponding meaning.") == {}


def test_glossary_title_case_entries_of_a_numbered_definitions_list() -> None:
    text = ("1. Definitions\n\n    1.1 Model: The trained weights released by the provider.\n\n"
            "    1.2 Derivatives: Any modifications of the Model.\n\n"
            "    1.3 Output: Any content the Model generates.\n")
    assert set(_defs(text)) == {"Model", "Derivatives", "Output"}
    # Titles run into their clauses are no entries, even in a block of them.
    text = ("2. Ownership\n\n    2.1 Bundles: Acme Pro includes Acme.\n\n"
            "    2.2 Intellectual Property: All rights in the Model stay ours.\n\n"
            "    2.3 Output: All rights in the Output are yours.\n")
    assert _defs(text) == {}


def test_glossary_unquoted_called_names_and_meanings_given_elsewhere() -> None:
    found = _defs("The person that distributes it, hereafter called the Distributor, "
                  "must comply. The firm, hereinafter known as Acme, offers it.")
    assert set(found) == {"Distributor", "Acme"}
    # Without "hereafter" or "hereinafter" a name in passing defines nothing.
    assert _defs("It is called Foo in the manual.") == {}
    found = _defs('The terms "Model" and "Output" have the meanings given in Section 1.')
    assert "Model" in found and found["Model"].form == "meaning"


def test_glossary_names_gathered_in_brackets_and_spoken_of() -> None:
    found = _defs("The text and images on the site (all of the foregoing, the \u201cContent\u201d) "
                  "are protected. Acme and its affiliates (Acme and all such parties together, "
                  "the \u201cAcme Parties\u201d) give no warranty.")
    assert set(found) == {"Content", "Acme Parties"}
    found = _defs("When we speak of \u201cAcme,\u201d \u201cwe,\u201d and \u201cus,\u201d we mean "
                  "Acme Limited. When these terms say \"you\", they mean the user.")
    assert found["Acme"].aliases == ("we", "us") and "you" in found
    assert _defs("When we say that, we mean it.") == {}


def test_glossary_each_and_together_names_and_terms_defined_in_passing() -> None:
    found = _defs('Acme and you are each a "Side" and together the "Sides". You may copy it.')
    assert set(found) == {"Side", "Sides"}
    found = _defs('"Group" means the firms you control, where "control" is the power to '
                  'direct them. These terms and the policies they cite are, collectively, '
                  'the "Deal". More text.')
    assert set(found) == {"Group", "control", "Deal"}
    found = _defs('Acme licenses the tool (the "Tool") and its manual (the "Manual" and, '
                  'together with the Tool, the "Kit") to you.')
    assert set(found) == {"Tool", "Manual", "Kit"}
    found = _defs('This is between Acme Ltd ("Acme" sometimes "our" or "we") and you. If you '
                  'sign for a firm, "Client" "you" and "your" will refer and apply to it.')
    assert found["Acme"].aliases == ("our", "we") and found["Client"].aliases == ("you", "your")
    # A quoted word in passing, after "where" with no defining verb or after "each a" in
    # the middle of a sentence, names nothing.
    assert _defs('You may use the files, where "Files" is not a term. More.') == {}
    assert _defs('The programs are each a "Module" of the suite.') == {}


def test_glossary_names_gathered_after_such_or_collectively_with() -> None:
    found = _defs('Give us your card number and address (such information, "Payment '
                  'Information"). We run trials (collectively with Acme Pass and similar '
                  'offers, "Free Services") for all.')
    assert set(found) == {"Payment Information", "Free Services"}
    assert _defs('We keep logs (such as "access logs") for a year.') == {}


def test_glossary_names_given_by_how_the_text_refers_to_them() -> None:
    found = _defs('Collectively, we refer to the terms below, any extra terms and all policies '
                  'as the "Terms." Under the Terms, "Acme" means Acme LLC. We may refer to "Acme" '
                  'as "we", "our", or "us" in the Terms. If you act for a firm (and all '
                  'references to "you" in the Terms refer to that firm), you bind it.')
    assert set(found) == {"Terms", "Acme", "we", "you"}
    assert found["we"].aliases == ("our", "us")
    assert _defs('Please refer to the manual as the "Guide" suggests.') == {}


def test_glossary_each_and_collectively_inline_and_referred_to_in_this_agreement() -> None:
    found = _defs('We ship data files (each a "Data File" and collectively the "Data Files") '
                  'to you. The data in them is referred to in this Agreement as the "Data". More.')
    assert set(found) == {"Data File", "Data Files", "Data"}
    assert _defs('We ship data files (each in a "zip" archive) to you.') == {}
