"""Page dumps of every layout: one line per block, a text browser's hard-wrapped rendering, a
metadata block first; HTML fallbacks; the reading report. Every page here is written for these
tests (no text copied from any site)."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from pathlib import Path

import pytest

from kg.ingest import read_paths
from kg.ingest.blocks import Block, split_blocks, wrap_width
from kg.ingest.lines import is_apparatus, is_teaser, is_widget
from kg.ingest.pagemeta import byline_names, page_meta
from kg.ingest.prose import FEATURES, load_model, select
from kg.ingest.sniff import kind_of
from kg.types import Article

HEADLINE = "Engineers rebuild the Remagen crossing eighty years on"
URL = "https://rhine-courier.example/history/2025/03/07/engineers-rebuild-the-remagen-crossing-8812"
PARAGRAPHS = [
    "On 7 March 1945 a platoon of the American 9th Armored Division reached the hills above Remagen "
    "and saw, to their surprise, that the Ludendorff railway bridge over the Rhine was still standing.",
    "German engineers had wired the bridge for demolition, but when the charges were fired only part of "
    "the structure lifted and settled back onto its piers. Lieutenant Karl Timmermann led his men across "
    "under fire, and within a day thousands of soldiers had followed them to the eastern bank.",
    "The bridge collapsed into the river ten days later, killing a number of the engineers who were "
    "trying to repair it. By then pontoon bridges carried the traffic, and the bridgehead had grown to "
    "several divisions that the German command could not push back.",
    "This spring a team of volunteers from both banks of the river has begun to restore the stone towers "
    "that survived. They hope to open a small museum in the western tower before the end of the year, "
    "with letters and photographs given by the families of veterans.",
    "The mayor of Remagen said that the project was meant to remember the dead of both armies. She added "
    "that school classes from the region would be the first visitors when the doors open.",
]
NAV = ["Home", "World", "Politics", "History", "Science", "Sport", "Culture", "Opinion", "Podcasts",
       "Newsletters", "Sign in", "Subscribe"]
RELATED = ["More from History", "Why the Rhine crossings decided the war in the west",
           "Ten bridges that changed the course of battles", "Veterans return to the Ardennes"]
FOOTER = ["About us", "Contact the newsroom", "Privacy policy", "Cookie settings", "Terms of use",
          "© 2025 Rhine Courier Media. All rights reserved."]
COMMENTS = ["Comments", "Dieter W. on 8 March 2025 at 10:14 said:",
            "My grandfather crossed there as a young man and never spoke about it until the end of his life, "
            "so I am glad the towers are being kept for the next generation.", "Reply"]
DESCRIPTION = "Volunteers are restoring the towers of the bridge that let the Allies cross the river in 1945."
JUNK = ("Politics", "Subscribe", "Ardennes", "grandfather", "Privacy", "©", "Rhine Courier Media",
        "Advertisement", "Story continues below", "By Hanna Vogel", "Photo:")


def _visible() -> list[str]:
    return [
        *NAV, *NAV[:4], "History", HEADLINE, "By Hanna Vogel and Tom Reyes, Staff Writers",
        "Friday 7 March 2025 09:15 CET", "Share on Facebook", "Share on X", "Copy link",
        PARAGRAPHS[0], "Photo: The towers of the bridge seen from the western bank.", PARAGRAPHS[1],
        "Advertisement", "Story continues below", *PARAGRAPHS[2:], "Topics", "Second World War", "Rhine",
        *RELATED, *COMMENTS, *FOOTER,
    ]


def text_page() -> str:
    """One line per block, as a browser's innerText or a naive scraper keeps a page."""
    return "\n".join(_visible()) + "\n"


def w3m_page(width: int = 78) -> str:
    """A text browser's rendering: menus as bullet lists, paragraphs wrapped at ``width``."""
    out = ["Rhine Courier", ""] + [f"  • {item}" for item in NAV] + ["", HEADLINE, ""]
    out += ["By Hanna Vogel and Tom Reyes, Staff Writers", "Friday 7 March 2025 09:15 CET", "",
            "[Share] [Tweet] [Copy link]", ""]
    for i, p in enumerate(PARAGRAPHS):
        out += textwrap.wrap(p, width) + [""]
        if i == 1:
            out += ["Advertisement", "", "Story continues below", ""]
    out += ["Topics: Second World War, Rhine", ""] + [f"  • {r}" for r in RELATED] + [""]
    out += COMMENTS[:1] + [""] + textwrap.wrap(COMMENTS[2], width) + [""] + [f"  • {f}" for f in FOOTER]
    return "\n".join(out) + "\n"


def meta_page() -> str:
    """A metadata block (title, meta and JSON-LD values, URL) before the visible text."""
    head = [f"{HEADLINE} | Rhine Courier", DESCRIPTION, "en_GB", "article", "Rhine Courier",
            "2025-03-08T11:02:00+01:00", "2025-03-07T09:15:00+01:00",
            "https://rhine-courier.example/media/2025/03/remagen-towers.jpg", "1200", "630",
            "second world war", "rhine", "remagen", HEADLINE, "Hanna Vogel", URL]
    return "\n".join(head + _visible()) + "\n"


def read_one(tmp_path: Path, name: str, content: str) -> Article:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert kind_of(path, path.read_bytes()) == "dump"
    items = list(read_paths([path]))
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def body_of(a: Article) -> list[str]:
    head, _, body = a.text.partition("\n\n")
    assert head == a.title
    return [p for p in body.split("\n\n") if p]


@pytest.mark.parametrize("style", ["text", "w3m", "meta"])
def test_every_layout_keeps_the_article_and_drops_the_page(tmp_path, style):
    page = {"text": text_page, "w3m": w3m_page, "meta": meta_page}[style]()
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert body_of(a) == PARAGRAPHS
    assert a.title == HEADLINE
    for junk in JUNK:
        assert junk not in a.text, junk
    assert a.published is not None and a.published.isoformat()[:10] == "2025-03-07"


def test_a_page_without_a_headline_gets_no_title_from_its_navigation(tmp_path):
    page = "\n".join(["[ ]", "Search for: [ ] Search", *NAV, *PARAGRAPHS, *RELATED, *FOOTER]) + "\n"
    a = read_one(tmp_path, "untitled.text.txt", page)
    assert a.title is None
    assert a.text.split("\n\n") == PARAGRAPHS


def test_metadata_block_gives_url_tags_and_publication_not_modification(tmp_path):
    a = read_one(tmp_path, "remagen.meta.txt", meta_page())
    assert a.url == URL
    assert a.published == dt.datetime(2025, 3, 7, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert a.tags == ("second world war", "rhine", "remagen")
    assert DESCRIPTION not in a.text  # the description is not the body


def test_placeholder_timestamp_is_no_publication_date(tmp_path):
    page = meta_page().replace("2025-03-08T11:02:00+01:00", "0001-01-01T00:00:00Z")
    a = read_one(tmp_path, "remagen.meta.txt", page)
    assert a.published == dt.datetime(2025, 3, 7, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def test_byline_gives_names_only(tmp_path):
    a = read_one(tmp_path, "remagen.text.txt", text_page())
    assert a.authors == ("Hanna Vogel", "Tom Reyes")
    assert byline_names("MERIDIAN POST STAFF NOVEMBER 20, 2019") == []
    assert byline_names("ANNA KOVAC and Piet de Vries | March 3, 2024") == ["Anna Kovac", "Piet de Vries"]


def test_url_inside_a_share_link_and_date_from_the_url(tmp_path):
    share = "https://social.example/share?url=" + URL.replace(":", "%3A").replace("/", "%2F")
    visible = [line for line in _visible() if not re.search(r"\b20\d\d\b", line)]
    page = "\n".join([*visible[:30], share, *visible[30:]]) + "\n"
    a = read_one(tmp_path, "remagen.text.txt", page)
    assert a.url == URL
    assert a.published == dt.date(2025, 3, 7)


def test_hard_wrapped_lines_are_rejoined_and_list_items_are_not():
    page = w3m_page(width=72)
    assert wrap_width(page.splitlines()) is not None
    texts = [b.text for b in split_blocks(page)]
    assert all(p in texts for p in PARAGRAPHS)
    assert "Home" in texts and "World" in texts  # each bullet its own block
    assert wrap_width(text_page().splitlines()) is None


def test_short_page_with_few_wrapped_lines_is_rejoined():
    notes = ["The ferry across the river at Remagen will not run on Sunday while divers check the old "
             "piers of the bridge for loose stones after the winter floods.",
             "Passengers can cross by the road bridge at Neuwied instead; the town has added two buses "
             "an hour between the stations on both banks for the weekend."]
    lines = ["Rhine Courier", "", "  • Home", "  • History", ""]
    for note in notes:
        lines += [*textwrap.wrap(note, 64), ""]
    page = "\n".join([*lines, "Share", "Print"]) + "\n"
    longest = max(map(len, page.splitlines()))
    assert sum(len(x) >= longest - 20 for x in page.splitlines()) < 5  # too few long lines to show a width alone
    assert all(note in [b.text for b in split_blocks(page)] for note in notes)
    assert wrap_width(text_page().splitlines()) is None


def test_clean_article_text_is_read_as_text_unchanged(tmp_path):
    article = HEADLINE + "\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
    path = tmp_path / "clean.txt"
    path.write_text(article, encoding="utf-8")
    assert kind_of(path, path.read_bytes()) == "text"
    (a,) = read_paths([path])
    assert a.text == article


def test_model_data_matches_the_features():
    model = load_model()
    data = json.loads(Path(__file__).resolve().parents[1].joinpath("kg/data/page_model.json").read_text())
    assert tuple(data["features"]) == FEATURES and len(model.weights) == len(FEATURES)
    assert 0 < model.keep_threshold < 1 and 0 < model.run_threshold < 1


LONG_COMMENTS = [
    "Marta K. says:", "8 March 2025 at 10:14",
    "We walked along the western bank last summer and the towers looked neglected, with weeds growing "
    "out of the stones and the doors nailed shut, so it is good news that somebody is finally looking "
    "after them before the winter storms do more damage.",
    "Reply", "Oskar B. says:", "8 March 2025 at 11:02",
    "I would like to know who pays for the museum. The town says it has no money for the swimming pool "
    "or the library, and the roads in our village have not been repaired for years, yet there is always "
    "money for a project that brings in visitors from abroad.",
    "Reply", "Lena P. says:", "8 March 2025 at 12:40",
    "My class visited the bridgehead memorial two years ago and the children asked many questions about "
    "the soldiers who died there. A museum with letters from families on both sides would help teachers "
    "explain that the war was not only about generals and maps but about ordinary people.",
    "Reply", "Jonas R. says:", "8 March 2025 at 15:05",
    "The article says the bridge collapsed ten days later, but it does not say how many engineers were "
    "killed when it fell. I read somewhere that the number was much higher than the official count, and "
    "I hope the museum will tell the full story instead of repeating what the army reported at the time.",
    "Reply",
]


def test_comments_longer_than_the_article_are_not_the_article(tmp_path):
    visible = [*NAV, HEADLINE, "By Hanna Vogel", *PARAGRAPHS[:3], "Share this:", "Share on Facebook",
               "Share on X", "4 Comments", *LONG_COMMENTS, *FOOTER]
    assert sum(len(c.split()) for c in LONG_COMMENTS) > sum(len(p.split()) for p in PARAGRAPHS[:3])
    a = read_one(tmp_path, "remagen.text.txt", "\n".join(visible) + "\n")
    assert body_of(a) == PARAGRAPHS[:3]


def test_publication_stamp_beside_other_dates(tmp_path):
    founded = meta_page().replace("2025-03-07T09:15:00+01:00", "1941-07-01T14:30:00+00:00")
    a = read_one(tmp_path, "remagen.meta.txt", founded)
    assert a.published.date() == dt.date(2025, 3, 8)  # a founding date decades earlier is no publication
    modified_first = meta_page().replace("2025-03-08T11:02:00+01:00", "2025-03-01T08:00:00+01:00")
    a = read_one(tmp_path, "remagen.meta.txt", modified_first)
    assert a.published.date() == dt.date(2025, 3, 7)  # the stamp on the URL's day


def test_url_inside_an_image_link_is_not_the_page(tmp_path):
    image = ("https://img.example/resize/1200x630/?url=https%3A%2F%2Fstore.example%2Fphotos%2F"
             "remagen-towers-western-bank-2025")
    picture = "https://rhine-courier.example/media/2025/03/remagen-towers.jpg"
    page = meta_page().replace(picture, f"{URL}\n{image}\n{image}\n{image}")
    a = read_one(tmp_path, "remagen.meta.txt", page)
    assert a.url == URL


def test_headline_is_the_line_the_article_tells_of(tmp_path):
    visible = _visible()
    at = visible.index(HEADLINE)
    visible.insert(at + 1, "Plan a weekend by the river with our guide")  # a promotion, nearer the article
    a = read_one(tmp_path, "remagen.text.txt", "\n".join(visible) + "\n")
    assert a.title == HEADLINE


TOLD_HEADLINE = "Volunteers restore the towers of the Remagen bridge"
VIDEO_TITLE = "Watch: the Remagen bridge towers seen from the river"


@pytest.mark.parametrize("style", ["text", "w3m", "meta"])
def test_headline_comes_before_a_video_title_that_tells_of_the_article_too(tmp_path, style):
    page = {"text": text_page, "w3m": w3m_page, "meta": meta_page}[style]().replace(HEADLINE, TOLD_HEADLINE)
    page = page.replace("Friday 7 March 2025 09:15 CET", f"Friday 7 March 2025 09:15 CET\n\n{VIDEO_TITLE}")
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert VIDEO_TITLE in page and a.title == TOLD_HEADLINE


def test_metadata_summary_that_repeats_the_article_is_not_the_article(tmp_path):
    summary = " ".join(PARAGRAPHS)  # a description value holding the whole story on one line
    a = read_one(tmp_path, "remagen.meta.txt", meta_page().replace(DESCRIPTION, summary))
    assert body_of(a) == PARAGRAPHS


CAPTION = "The western tower seen from the river in February. Courier Photo/Lena Brandt"


@pytest.mark.parametrize("style", ["text", "meta"])
def test_caption_ending_in_a_picture_credit_is_not_article_text(tmp_path, style):
    page = {"text": text_page, "meta": meta_page}[style]()
    page = page.replace("Photo: The towers of the bridge seen from the western bank.", CAPTION)
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert CAPTION in page and body_of(a) == PARAGRAPHS


VISITS = ["May 3 – Remagen, western tower @ 10 am", "May 10 – Erpel, eastern bank @ 11 am",
          "May 17 – Linz am Rhein, ferry landing @ 2 pm", "May 24 – Remagen, Peace Museum @ 10 am"]


@pytest.mark.parametrize("style", ["text", "meta"])
def test_list_that_follows_the_article_punctuated_alike_is_kept(tmp_path, style):
    page = {"text": text_page, "meta": meta_page}[style]()
    page = page.replace("\nTopics\n", "\n" + "\n".join(VISITS) + "\nTopics\n")
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert body_of(a) == PARAGRAPHS + VISITS
    for junk in JUNK:
        assert junk not in a.text, junk


OTHER_STORY = "Five Forgotten Bridges Of The Rhine That Still Carry Trains Today"
SECTION = "What The Museum Will Show"


@pytest.mark.parametrize("style", ["text", "w3m", "meta"])
def test_headline_of_another_story_inside_the_article_is_dropped(tmp_path, style):
    page = {"text": text_page, "w3m": w3m_page, "meta": meta_page}[style]()
    page = page.replace("\nAdvertisement\n", f"\n{OTHER_STORY}\n\nAdvertisement\n")
    page = page.replace(PARAGRAPHS[3][:40], f"{SECTION}\n\n{PARAGRAPHS[3][:40]}")
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert OTHER_STORY in page and body_of(a) == [*PARAGRAPHS[:3], SECTION, *PARAGRAPHS[3:]]


TEASERS = [
    "Harbour Ferry To Linz Runs Again After The Winter BreakThe ferry across the river will sail every "
    "hour from Monday, the operator said, after repairs to the landing stage were finished.",
    "Vineyard Owners Count The Cost Of A Wet SpringGrowers on the steep eastern slopes say that rot has "
    "spread through the lower rows and that the harvest may be the smallest in a decade.",
    "Council Votes To Light The Old Bridge Towers At NightThe lights will be switched on for the first "
    "time on the anniversary, and the council hopes that visitors will stay in the town for dinner.",
    "School Choir From Erpel Wins The Regional PrizeThe children sang three songs in four languages and "
    "were invited to perform at the spring festival in the cathedral square next month.",
]


@pytest.mark.parametrize("style", ["text", "meta"])
def test_teasers_glued_to_their_summaries_are_not_the_article(tmp_path, style):
    page = {"text": text_page, "meta": meta_page}[style]()
    page = page.replace(f"\n{HEADLINE}\nBy", "\n" + "\n".join(TEASERS) + f"\n{HEADLINE}\nBy")
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert TEASERS[0] in page and body_of(a) == PARAGRAPHS
    assert "Vineyard" not in a.text and "Erpel Wins" not in a.text


@pytest.mark.parametrize(("line", "teaser"), [
    ("Flood Barriers Go Up Along The PromenadeCrews worked through the night as the water rose.", True),
    ("Old Market Hall Reopens?Traders said on Friday that the roof had been mended at last.", True),
    ("Riders praised the new McLaren while others queued for the iPhone at the shop in the town.", False),
    ("The Ferry Company Said McDonald Had Bought The Boat", False),
    ("Old Town Bridge Reopens (River News)Traffic flows again across the old bridge today.", False),
])
def test_teaser_shape(line, teaser):
    assert is_teaser(line) is teaser


SHOWN = ["letters the soldiers wrote home to their families", "photographs of the bridge before it fell",
         "a model of both towers built by pupils of the town school"]


@pytest.mark.parametrize("style", ["text", "w3m", "meta"])
def test_list_a_paragraph_announces_with_a_colon_is_kept(tmp_path, style):
    intro = "The museum in the western tower will show:"
    page = {"text": text_page, "w3m": w3m_page, "meta": meta_page}[style]()
    items = [f"  • {item}" for item in SHOWN] if style == "w3m" else SHOWN
    end = textwrap.wrap(PARAGRAPHS[-1], 78)[-1] if style == "w3m" else PARAGRAPHS[-1]
    page = page.replace(f"{end}\n", f"{end}\n\n{intro}\n\n" + "\n".join(items) + "\n", 1)
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert body_of(a) == [*PARAGRAPHS, intro, *SHOWN]
    for junk in JUNK:
        assert junk not in a.text, junk


MARKUP = '<div class="related-box"><a href="/history/ferries"><img alt="" src="data:image/png;base64,AAAA"> Ferries</a>'
TRADEMARK = ("Rhine Courier and the tower logo are registered trademarks of Courier Media Group, and the "
             "river guide app is a product of the same company.")


@pytest.mark.parametrize("style", ["text", "meta"])
def test_markup_and_trademark_notices_are_not_article_text(tmp_path, style):
    page = {"text": text_page, "meta": meta_page}[style]()
    page = page.replace(f"\n{PARAGRAPHS[2]}\n", f"\n{MARKUP}\n{PARAGRAPHS[2]}\n")
    page = page.replace(f"\n{PARAGRAPHS[4]}\n", f"\n{PARAGRAPHS[4]}\n{TRADEMARK}\n")
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert MARKUP in page and TRADEMARK in page and body_of(a) == PARAGRAPHS


CONSENT = ("We and our partners store cookies on your device to measure how our pages are read and "
           "to show you offers. By choosing Accept you agree to this use, which you may revoke at any time.")


@pytest.mark.parametrize("style", ["text", "w3m", "meta"])
def test_consent_notice_among_the_paragraphs_is_not_article_text(tmp_path, style):
    page = {"text": text_page, "w3m": w3m_page, "meta": meta_page}[style]()
    end = textwrap.wrap(PARAGRAPHS[-1], 78)[-1] if style == "w3m" else PARAGRAPHS[-1]
    page = page.replace(f"{end}\n", f"{end}\n\n{CONSENT}\n", 1)
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert CONSENT in page and body_of(a) == PARAGRAPHS


BIO = "Hanna Vogel is a freelance writer who lives in Bonn"
AFTER_BIO = [
    "Every morning we send the best stories of the valley to your inbox, with the weather.",
    "The vineyards on the steep eastern slopes lost a third of their grapes to rot this year, and the growers "
    "are asking the state for help to replant the lower rows before the next spring arrives.",
    "A choir of forty children from the town school sang in four languages at the festival on Sunday, and "
    "the organisers said that they would be invited again next year to open the evening concert.",
]


@pytest.mark.parametrize("bio", [
    BIO, "Tom Reyes (tom@rhine-courier.example) is the history editor of the Courier",
    "Hanna Vogel's history of the Rhine bridges is out this spring. Follow her on X @hvogel.",
])
@pytest.mark.parametrize("style", ["text", "meta"])
def test_prose_after_the_writers_biography_or_sign_off_is_not_the_article(tmp_path, style, bio):
    page = {"text": text_page, "meta": meta_page}[style]()
    page = page.replace(f"\n{PARAGRAPHS[4]}\n", f"\n{PARAGRAPHS[4]}\n{bio}\n" + "\n".join(AFTER_BIO) + "\n")
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert bio in page and body_of(a) == PARAGRAPHS


@pytest.mark.parametrize("caption", [
    "Volunteers carry stones up to the western tower in February (Image: Courier Archive)",
    "Posters from the museum's campaign. (bridge-museum.example)",
])
@pytest.mark.parametrize("style", ["text", "w3m", "meta"])
def test_caption_ending_in_a_bracketed_credit_is_not_article_text(tmp_path, style, caption):
    page = {"text": text_page, "w3m": w3m_page, "meta": meta_page}[style]()
    page = page.replace(f"{PARAGRAPHS[0][-30:]}\n", f"{PARAGRAPHS[0][-30:]}\n\n{caption}\n", 1)
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert caption in page and body_of(a) == PARAGRAPHS


def test_a_run_without_a_sentence_is_not_the_article():
    blurb = "Rhine Courier Media is a family of local papers radio stations and event services along the river"
    menus = NAV * 4  # a site's long navigation between its blurb and the one paragraph it shows
    texts = [blurb, *menus, PARAGRAPHS[1] + " " + PARAGRAPHS[2], *FOOTER]
    chances = [0.47] + [0.01] * len(menus) + [0.32] + [0.01] * len(FOOTER)
    _, kept = select(texts, chances, 0.35, 0.35)
    assert kept == {len(menus) + 1}


def test_timestamp_glued_to_a_word_is_the_date(tmp_path):
    page = text_page().replace("Friday 7 March 2025 09:15 CET", "courier-admin2025-03-07 09:15:00")
    a = read_one(tmp_path, "remagen.text.txt", page)
    assert a.published is not None and a.published.isoformat()[:10] == "2025-03-07"


def test_character_references_left_in_a_dump_are_decoded(tmp_path):
    page = meta_page().replace("Remagen crossing", "Remagen&#039;s crossing")
    page = page.replace("both armies", "both armies &amp; towns")
    a = read_one(tmp_path, "remagen.meta.txt", page)
    assert a.title == HEADLINE.replace("Remagen crossing", "Remagen's crossing")
    assert "both armies & towns" in a.text and "&amp;" not in a.text


# --- HTML --------------------------------------------------------------------------------------

def _html(body: str, head: str = "", lang: str = "en") -> str:
    return f"<!doctype html><html lang='{lang}'><head><title>{HEADLINE}</title>{head}</head><body>{body}</body></html>"


def test_html_declared_language_of_the_template_does_not_skip_an_english_body(tmp_path):
    body = "<article><h1>" + HEADLINE + "</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>"
    (tmp_path / "p.html").write_text(_html(body, lang="de"), encoding="utf-8")
    (a,) = read_paths([tmp_path / "p.html"])
    assert isinstance(a, Article) and PARAGRAPHS[1][:60] in a.text


def test_html_bylines_and_widgets_are_not_article_text(tmp_path):
    body = ("<article><h1>" + HEADLINE + "</h1><p>By Hanna Vogel</p><p>Story continues below</p>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "<p>Reporting by Tom Reyes; Editing by Ann Muir</p>"
            + "</article>")
    (tmp_path / "p.html").write_text(_html(body), encoding="utf-8")
    (a,) = read_paths([tmp_path / "p.html"])
    assert isinstance(a, Article)
    for junk in ("By Hanna Vogel", "Story continues below", "Reporting by", "Editing by"):
        assert junk not in a.text


def test_html_body_only_in_json_ld_is_found(tmp_path):
    ld = json.dumps({"@type": "NewsArticle", "headline": HEADLINE, "articleBody": "\n".join(PARAGRAPHS)})
    body = "<article><h1>" + HEADLINE + "</h1><figure><figcaption>The western tower in March.</figcaption>" \
           "</figure><p>Subscribers can read the full story.</p></article>"
    (tmp_path / "p.html").write_text(_html(body, f"<script type='application/ld+json'>{ld}</script>"),
                                     encoding="utf-8")
    (a,) = read_paths([tmp_path / "p.html"])
    assert isinstance(a, Article) and PARAGRAPHS[2][:60] in a.text


# --- reading report ------------------------------------------------------------------------------

def test_inspect_reports_reader_and_each_line(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    path = tmp_path / "remagen.text.txt"
    path.write_text(text_page(), encoding="utf-8")
    out = CliRunner().invoke(app, ["inspect", str(path)])
    assert out.exit_code == 0, out.output
    assert "read as dump" in out.output
    kept = [line for line in out.output.splitlines() if " KEEP " in line]
    assert len(kept) == len(PARAGRAPHS)
    assert any("drop" in line and "Subscribe" in line for line in out.output.splitlines())


def _after_dateline(style: str, lines: list[str]) -> str:
    """The page in ``style`` with ``lines`` set between its dateline and its article."""
    page = {"text": text_page, "w3m": w3m_page, "meta": meta_page}[style]()
    sep = "\n\n" if style == "w3m" else "\n"
    return page.replace("Friday 7 March 2025 09:15 CET", sep.join(["Friday 7 March 2025 09:15 CET", *lines]), 1)


SVG_LEFTOVERS = ['?xml version="1.0" encoding="UTF-8"?', 'data-icon-set="2"',
                 '?xml version="1.0" encoding="utf-8"? Generator: Vector Drawing Tool 3.1, SVG Export']


@pytest.mark.parametrize("style", ["text", "w3m", "meta"])
def test_xml_declarations_and_bare_attributes_are_markup(tmp_path, style):
    a = read_one(tmp_path, f"remagen.{style}.txt", _after_dateline(style, SVG_LEFTOVERS))
    assert a.title == HEADLINE and body_of(a) == PARAGRAPHS
    assert all(is_apparatus(line) for line in SVG_LEFTOVERS)
    assert not is_apparatus('The plaque reads "1945" and nothing more.')


TITLE_SENTENCES = "Volunteers Restore The Towers Of The Remagen Bridge. Why It Matters Now."


@pytest.mark.parametrize("style", ["text", "w3m", "meta"])
def test_headline_of_title_cased_sentences_keeps_its_full_stops(tmp_path, style):
    page = {"text": text_page, "w3m": w3m_page, "meta": meta_page}[style]().replace(HEADLINE, TITLE_SENTENCES)
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert a.title == TITLE_SENTENCES


SIDEBAR = [line for who, day in zip(["Engineers", "Veterans", "Soldiers", "Families", "Volunteers", "Mayors",
                                     "Teachers", "Divers", "Pilots", "Farmers", "Bakers", "Painters"],
                                    range(1, 13), strict=True)
           for line in (f"{who} remember the Remagen bridge and its towers", f"{day} February 2025")]


@pytest.mark.parametrize("style", ["text", "w3m", "meta"])
def test_dated_titles_of_a_story_list_are_neither_headline_nor_date(tmp_path, style):
    a = read_one(tmp_path, f"remagen.{style}.txt", _after_dateline(style, ["More stories", *SIDEBAR]))
    assert a.title == HEADLINE
    assert a.published is not None and a.published.isoformat()[:10] == "2025-03-07"


@pytest.mark.parametrize("style", ["text", "w3m", "meta"])
def test_a_title_glued_to_a_label_is_not_a_repeat_of_it(tmp_path, style):
    video = "The Remagen bridge towers seen from the western bank"
    page = _after_dateline(style, [f"{video}Video", video]).replace(HEADLINE, TOLD_HEADLINE)
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert a.title == TOLD_HEADLINE


@pytest.mark.parametrize("style", ["text", "w3m", "meta"])
def test_title_joined_to_the_site_name_is_the_part_the_page_shows_alone(tmp_path, style):
    short = "Remagen Towers Reopen"  # menu-shaped: no headline of its own
    page = {"text": text_page, "w3m": w3m_page, "meta": meta_page}[style]().replace(HEADLINE, short)
    if style != "meta":
        page = f"Rhine Courier: {short}\n\n{page}"
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert a.title == short


WIDGET_ROWS = ["Share on FacebookShare on BlueskyShare on MastodonShare by email",
               "END story header, BEGIN story body",
               "Volunteers carry stones up to the western tower in February. (Courier Photo/Lena Brandt, File)"]


@pytest.mark.parametrize("style", ["text", "w3m", "meta"])
def test_glued_share_labels_template_comments_and_credited_captions_are_not_article_text(tmp_path, style):
    page = {"text": text_page, "w3m": w3m_page, "meta": meta_page}[style]()
    sep = "\n\n" if style == "w3m" else "\n"
    page = page.replace(f"{PARAGRAPHS[0][-30:]}\n", f"{PARAGRAPHS[0][-30:]}\n{sep}{sep.join(WIDGET_ROWS)}\n", 1)
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert all(row in page for row in WIDGET_ROWS) and body_of(a) == PARAGRAPHS
    assert all(is_apparatus(row) for row in WIDGET_ROWS)


@pytest.mark.parametrize(("line", "widget"), [
    (WIDGET_ROWS[0], True),
    (WIDGET_ROWS[1], True),
    ("McDonald's, YouTube and LinkedIn sign a deal on adverts", False),  # camel-case names, each glued once
    ("THE END OF THE BRIDGE", False),  # an upper-case headline
    ("The museum will open at the END of the year.", False),  # a sentence
])
def test_widget_shape(line, widget):
    assert is_widget(line) is widget


def test_a_web_address_in_brackets_inside_prose_is_article_text():
    assert not is_apparatus("The museum's site (bridge-museum.example) lists the opening hours.")


@pytest.mark.parametrize("style", ["text", "w3m", "meta"])
def test_link_to_another_story_with_a_label_in_capitals_is_not_article_text(tmp_path, style):
    link = "Divers find a second pier of the old ferry landing near Erpel after the floods [PICTURES]"
    page = {"text": text_page, "w3m": w3m_page, "meta": meta_page}[style]()
    page = page.replace(f"{PARAGRAPHS[0][-30:]}\n", f"{PARAGRAPHS[0][-30:]}\n\n{link}\n", 1)
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert link in page and body_of(a) == PARAGRAPHS
    assert not is_apparatus("The note on the wall read [sic] in the original.")


CAPTION_TITLE = "The towers of the Remagen bridge seen from the western bank"


@pytest.mark.parametrize("style", ["text", "w3m", "meta"])
@pytest.mark.parametrize("signature", ["By Hanna Vogel and Tom Reyes, Staff Writers\nFriday 7 March 2025 09:15 CET",
                                       "7 March 2025 | Hanna Vogel, Tom Reyes"])  # a dateline naming the writers
def test_headline_is_the_title_a_byline_follows_not_a_caption_the_page_repeats(tmp_path, style, signature):
    page = {"text": text_page, "w3m": w3m_page, "meta": meta_page}[style]().replace(HEADLINE, TOLD_HEADLINE)
    page = page.replace("By Hanna Vogel and Tom Reyes, Staff Writers\nFriday 7 March 2025 09:15 CET",
                        f"{signature}\n\n{CAPTION_TITLE}\n\nImage: {CAPTION_TITLE}")
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert f"Image: {CAPTION_TITLE}" in page and a.title == TOLD_HEADLINE


QUESTION = "Why did the volunteers of Remagen wait eighty years to restore the towers of the bridge?"
STANDFIRST = "Volunteers from both banks of the Rhine say the stone towers must be kept for the next generation."


@pytest.mark.parametrize("style", ["text", "w3m"])
def test_a_headline_the_article_opens_with_is_the_headline(tmp_path, style):
    page = {"text": text_page, "w3m": w3m_page}[style]().replace(HEADLINE, QUESTION)
    for line in ("By Hanna Vogel and Tom Reyes, Staff Writers", "Friday 7 March 2025 09:15 CET", "Share on Facebook",
                 "Share on X", "Copy link", "[Share] [Tweet] [Copy link]"):
        page = page.replace(f"{line}\n", "")
    sep = "\n\n" if style == "w3m" else "\n"
    page = page.replace(f"{QUESTION}\n", f"{QUESTION}{sep}{STANDFIRST}\n", 1)
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert a.title == QUESTION and a.text.startswith(f"{QUESTION}\n\n{STANDFIRST}")


@pytest.mark.parametrize("style", ["text", "w3m", "meta"])
@pytest.mark.parametrize("short", ["Towers reopen", "Bridge Diary 7.3.25"])
def test_a_short_menu_shaped_headline_is_the_headline_when_a_byline_follows_it(tmp_path, style, short):
    page = {"text": text_page, "w3m": w3m_page, "meta": meta_page}[style]().replace(HEADLINE, short)
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert a.title == short


@pytest.mark.parametrize("style", ["text", "w3m"])
def test_a_name_over_the_dateline_is_no_headline(tmp_path, style):
    page = {"text": text_page, "w3m": w3m_page}[style]().replace(HEADLINE, "Remagen")  # no headline at all
    page = page.replace("By Hanna Vogel and Tom Reyes, Staff Writers", "Hanna Vogel")
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert a.title is None


@pytest.mark.parametrize("style", ["text", "w3m", "meta"])
def test_a_breadcrumb_over_the_headline_is_no_headline(tmp_path, style):
    crumbs = "History > Remagen > Bridge towers and their volunteers"
    page = {"text": text_page, "w3m": w3m_page, "meta": meta_page}[style]().replace(HEADLINE, TOLD_HEADLINE)
    page = page.replace(f"{TOLD_HEADLINE}\n", f"{crumbs}\n\n{TOLD_HEADLINE}\n", 1 if style != "meta" else 2)
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert crumbs in page and a.title == TOLD_HEADLINE


@pytest.mark.parametrize("style", ["text", "w3m"])
def test_a_dateline_over_the_headline_dates_the_article(tmp_path, style):
    page = {"text": text_page, "w3m": w3m_page}[style]()
    page = page.replace("Friday 7 March 2025 09:15 CET\n", "")
    page = page.replace(f"{HEADLINE}\n", f"Friday 7 March 2025 09:15 CET\n\n{HEADLINE}\n", 1)
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert a.title == HEADLINE and a.published is not None and a.published.isoformat()[:10] == "2025-03-07"


@pytest.mark.parametrize("style", ["text", "w3m"])
@pytest.mark.parametrize("control", ["Skip to main content", "Toggle main menu", "Blog - Latest News"])
def test_a_skip_link_a_menu_control_or_a_menu_path_is_no_headline(tmp_path, style, control):
    page = {"text": text_page, "w3m": w3m_page}[style]().replace(f"{HEADLINE}\n", "")
    page = page.replace("By Hanna Vogel and Tom Reyes, Staff Writers", "Hanna Vogel")
    page = f"{control}\n\n{page}"
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert a.title is None


@pytest.mark.parametrize("style", ["text", "w3m", "meta"])
def test_a_series_label_in_brackets_before_the_headline_is_part_of_it(tmp_path, style):
    labelled = f"[Bridge Diaries] {HEADLINE}"
    page = {"text": text_page, "w3m": w3m_page, "meta": meta_page}[style]().replace(HEADLINE, labelled)
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert a.title == labelled


def test_a_button_beside_the_headline_is_not_part_of_it(tmp_path):
    page = w3m_page().replace(f"\n{HEADLINE}\n", f"\n{HEADLINE} [Subscribe]\n")
    a = read_one(tmp_path, "remagen.w3m.txt", page)
    assert f"{HEADLINE} [Subscribe]" in page and a.title == HEADLINE


SITE_LINE = "Rhine Courier home page [logo] Rhine Courier the daily paper of the Middle Rhine valley"


def test_headline_under_lines_the_kept_text_opens_with_is_the_headline():
    lines = [SITE_LINE, *NAV, HEADLINE, "By Hanna Vogel and Tom Reyes, Staff Writers", *PARAGRAPHS]
    blocks = [Block(text, i, i) for i, text in enumerate(lines)]
    kept = frozenset({0}) | frozenset(range(len(lines) - len(PARAGRAPHS), len(lines)))
    assert page_meta(blocks, 0, kept).title == HEADLINE


@pytest.mark.parametrize("style", ["text", "w3m"])
def test_a_series_name_over_a_headline_that_carries_it_on_is_no_headline(tmp_path, style):
    series, numbered = "Notes from the Rhine", "Notes from the Rhine 12 / the Remagen bridge towers"
    sep = "\n\n" if style == "w3m" else "\n"
    page = {"text": text_page, "w3m": w3m_page}[style]().replace("History\n", f"History » {series} »\n", 1)
    page = page.replace(f"{HEADLINE}\n", f"{series}{sep}{numbered}\n", 1)
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert a.title == numbered


@pytest.mark.parametrize("style", ["text", "w3m"])
@pytest.mark.parametrize("stamp", ["Published Fri, Mar 7 20259:15 AM CET",  # its time run into the year
                                   "Last updated: Friday, March 7, 2025 9:15 AM, 12 comments"])
def test_a_stamped_dateline_signs_the_headline_over_it(tmp_path, style, stamp):
    sep = "\n\n" if style == "w3m" else "\n"
    player = sep.join([VIDEO_TITLE, "Replay", "More videos", "Up next", "Playlist"])  # a video player over it
    page = {"text": text_page, "w3m": w3m_page}[style]().replace(HEADLINE, TOLD_HEADLINE)
    page = page.replace(f"{TOLD_HEADLINE}\n", f"{player}{sep}{TOLD_HEADLINE}\n", 1)
    page = page.replace("By Hanna Vogel and Tom Reyes, Staff Writers\nFriday 7 March 2025 09:15 CET", stamp)
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert a.title == TOLD_HEADLINE


@pytest.mark.parametrize("style", ["text", "w3m"])
def test_a_line_the_page_shows_again_is_no_repeat_of_a_headline(tmp_path, style):
    sep = "\n\n" if style == "w3m" else "\n"
    page = {"text": text_page, "w3m": w3m_page}[style]().replace(HEADLINE, TOLD_HEADLINE)
    page = page.replace("Friday 7 March 2025 09:15 CET\n", f"Friday 7 March 2025 09:15 CET{sep}{VIDEO_TITLE}\n", 1)
    page = f"{VIDEO_TITLE}{sep}{page}"  # the video's title in a player at the top and again over the article
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert a.title == TOLD_HEADLINE


@pytest.mark.parametrize("style", ["text", "w3m", "meta"])
def test_markup_left_in_a_line_makes_it_no_headline(tmp_path, style):
    page = {"text": text_page, "w3m": w3m_page, "meta": meta_page}[style]()
    page = page.replace(f"\n{HEADLINE}\n", '\nVolunteers keep the towers standing data-module-name="headline"\n', 1)
    page = page.replace(f"\n{HEADLINE}\n", "\n")
    a = read_one(tmp_path, f"remagen.{style}.txt", page)
    assert a.title is None or "data-module-name" not in a.title
