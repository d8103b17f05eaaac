"""Importing an article from its URL: the local news site's pages in English, Khmer and
Arabic are fetched and the article's text and metadata extracted, without the navigation,
photo captions, related links, comments and footers around it."""

import datetime as dt
import hashlib

import pytest

from factcheck.articles.services import ImportRejected, prepare_text
from factcheck.fetching.client import Fetched, safe_fetch
from factcheck.fetching.extract import extract_article, restore_trailing_marks

ARTICLES = {
    "en": {
        "title": "Flood waters recede in Battambang as farmers count losses",
        "author": "Sophea Lim",
        "site_name": "Mekong Daily Ledger",
        "published": dt.date(2026, 10, 14),
        "paragraphs": [
            "Flood waters in Battambang province began to recede on Tuesday, two weeks after "
            "heavy rain pushed the Sangkae river over its banks and into more than forty villages.",
            "The provincial disaster committee said that about 12,400 hectares of rice had been "
            "damaged, most of it in Sangkae and Moung Ruessei districts. Officials expect the "
            "figure to rise as farmers return to fields that are still under water.",
            '"We planted in August and now there is nothing left to harvest," said Chan Dara, a '
            "farmer from Ta Pon commune who lost three hectares. He said his family would borrow "
            "money to buy seed for a second planting.",
            "The committee said 3,150 families had been moved to higher ground during the floods "
            "and that most of them had now returned home. Two people died, according to the "
            "provincial police.",
            "The Ministry of Agriculture said it would distribute rice seed to affected "
            "households before the end of the month, and that teams would visit each district "
            "to assess the damage to roads and irrigation canals.",
        ],
        "around": [
            "Subscribe for unlimited access",
            "Politics",
            "Rice fields under water",
            "Weather service warns",
            "Comments (2)",
            "My uncle's village",
            "please keep following",
            "All rights reserved",
            "Privacy policy",
        ],
    },
    "km": {
        "title": "ក្រសួងអប់រំបើកបណ្ណាល័យថ្មីចំនួន ២០ នៅខេត្តសៀមរាប",
        "author": "ហេង សុខា",  # trafilatura alone drops the final vowel sign (extract.py)
        "site_name": "ព័ត៌មានកម្ពុជាថ្ងៃនេះ",
        "published": dt.date(2026, 11, 2),
        "paragraphs": [
            "ក្រសួងអប់រំ យុវជន និងកីឡា បានបើកបណ្ណាល័យថ្មីចំនួន ២០ នៅតាមសាលាបឋមសិក្សាក្នុងខេត្តសៀមរាប កាលពីថ្ងៃចន្ទ។",
            "បណ្ណាល័យនីមួយៗមានសៀវភៅប្រមាណ ១ ០០០ ក្បាល សម្រាប់សិស្សថ្នាក់ទី១ ដល់ថ្នាក់ទី៦។ "
            "សៀវភៅភាគច្រើនជាសៀវភៅរឿង និងសៀវភៅវិទ្យាសាស្ត្រសម្រាប់កុមារ។",
            "លោកស្រី ស៊ុន សុភា នាយិកាសាលាបឋមសិក្សាមួយនៅស្រុកពួក បាននិយាយថា "
            "សិស្សៗរីករាយណាស់ដែលបានអានសៀវភៅថ្មីៗ។ "
            "លោកស្រីបន្ថែមថា គ្រូបង្រៀននឹងនាំសិស្សទៅបណ្ណាល័យរៀងរាល់សប្តាហ៍។",
            "ក្រសួងគ្រោងនឹងបើកបណ្ណាល័យបន្ថែមទៀតនៅខេត្តបាត់ដំបង និងខេត្តកំពង់ធំ នៅឆ្នាំក្រោយ។",
        ],
        "around": [
            "ទំព័រដើម",
            "នយោបាយ",
            "សិស្សកំពុងអានសៀវភៅនៅបណ្ណាល័យថ្មី",
            "អត្ថបទពាក់ព័ន្ធ",
            "គ្រូបង្រៀនថ្មីចំនួន ៥០០",
            "មតិយោបល់",
            "សូមអរគុណក្រសួង",
            "ខ្ញុំចង់ឲ្យមានបណ្ណាល័យ",
            "រក្សាសិទ្ធិគ្រប់យ៉ាង",
        ],
    },
    "ar": {
        "title": "افتتاح مكتبة عامة جديدة في وسط مدينة إربد",
        "author": "عمر الخطيب",
        "site_name": "صحيفة الشمال اليومية",
        "published": dt.date(2026, 9, 27),
        "paragraphs": [
            "افتتحت بلدية إربد يوم الأحد مكتبة عامة جديدة في وسط المدينة، تضم أكثر من خمسة عشر "
            "ألف كتاب باللغتين العربية والإنجليزية.",
            "وقال رئيس البلدية إن المكتبة ستفتح أبوابها من الساعة التاسعة صباحاً حتى الثامنة "
            "مساءً طوال أيام الأسبوع، وإن الدخول مجاني للجميع.",
            "وتضم المكتبة قاعة للأطفال ومختبراً للحاسوب وقاعة للمحاضرات تتسع لمئة شخص.",
            "وقالت سلمى حداد، وهي طالبة جامعية، إنها سعيدة لأنها تستطيع الآن الدراسة قرب منزلها.",
            "وتخطط البلدية لافتتاح مكتبتين أخريين في أحياء المدينة الشمالية خلال العام المقبل.",
        ],
        "around": [
            "الرئيسية",
            "اقتصاد",
            "قاعة القراءة الرئيسية",
            "أخبار ذات صلة",
            "معرض الكتاب",
            "التعليقات",
            "خبر جميل",
            "كتب أكثر للأطفال",
            "جميع الحقوق محفوظة",
        ],
    },
}


def fetched(body: bytes, content_type: str = "text/html", charset: str | None = None) -> Fetched:
    return Fetched(
        url="https://news.example/story",
        final_url="https://news.example/story",
        redirects=(),
        address="93.184.215.14",
        status=200,
        content_type=content_type,
        charset=charset,
        body=body,
        sha256=hashlib.sha256(body).hexdigest(),
        fetched_at=dt.datetime.now(dt.UTC),
    )


def page(paragraphs: str, head: str = "", html_attributes: str = ' lang="en"') -> bytes:
    return (
        f"<!DOCTYPE html><html{html_attributes}><head>{head}<title>A story</title></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>A story</h1>{paragraphs}"
        "</article><footer>Footer words</footer></body></html>"
    ).encode()


LONG_PARAGRAPH = (
    "<p>The council approved the budget on Monday after a debate that lasted four hours, "
    "and the mayor said work on the new bridge would begin in the spring.</p>"
)


@pytest.mark.parametrize("language", ["en", "km", "ar"])
def test_an_article_is_extracted_from_a_fetched_news_page(local_site, language):
    page_fetched = safe_fetch(
        local_site.url(f"/articles/{language}.html"),
        allowed=local_site.allowed,
        allowed_ports=local_site.ports,
    )
    article = extract_article(page_fetched)
    expected = ARTICLES[language]
    assert article.text == "\n".join(expected["paragraphs"])
    assert (article.title, article.author, article.site_name) == (
        expected["title"],
        expected["author"],
        expected["site_name"],
    )
    assert article.published == expected["published"]
    assert article.language == language
    assert article.warnings == ()


@pytest.mark.parametrize("language", ["en", "km", "ar"])
def test_navigation_captions_related_links_comments_and_footer_are_left_out(local_site, language):
    page_fetched = safe_fetch(
        local_site.url(f"/articles/{language}.html"),
        allowed=local_site.allowed,
        allowed_ports=local_site.ports,
    )
    text = extract_article(page_fetched).text
    for words in ARTICLES[language]["around"]:
        assert words not in text
    assert ARTICLES[language]["title"] not in text  # the headline is the title, not text


def test_the_text_is_normalised_as_a_file_import_would_be():
    decomposed = "Cafe\u0301 owners met the minister\r\non Monday to discuss the new tax."
    article = extract_article(fetched(page(LONG_PARAGRAPH + f"<p>{decomposed}</p>")))
    assert "Café owners met the minister" in article.text
    assert "\r" not in article.text
    assert article.text == prepare_text(article.text)


def test_the_charset_comes_from_the_page_when_the_header_has_none():
    body = page(LONG_PARAGRAPH + "<p>Le café de la gare a rouvert ses portes lundi.</p>").replace(
        "é".encode(), "é".encode("windows-1252")
    )
    body = body.replace(b"<head>", b'<head><meta charset="windows-1252">')
    assert "Le café de la gare" in extract_article(fetched(body)).text


def test_the_header_charset_wins_over_the_page():
    body = page(LONG_PARAGRAPH + "<p>Le café de la gare a rouvert ses portes lundi.</p>")
    body = body.replace("é".encode(), "é".encode("latin-1"))
    body = body.replace(b"<head>", b'<head><meta charset="utf-8">')
    assert "Le café" in extract_article(fetched(body, charset="iso-8859-1")).text


def test_an_undecodable_page_is_refused_clearly():
    body = page(LONG_PARAGRAPH + "<p>Broken XX bytes here.</p>").replace(b"XX", b"\xff\xfe")
    with pytest.raises(ImportRejected, match=r"The page is not valid utf-8 text \(byte [\d,]+: "):
        extract_article(fetched(body, charset="utf-8"))


def test_an_unknown_charset_is_refused_clearly():
    with pytest.raises(ImportRejected, match="character set 'klingon-8', which is unknown"):
        extract_article(fetched(page(LONG_PARAGRAPH), charset="klingon-8"))


def test_a_page_without_text_is_refused():
    empty = b"<!DOCTYPE html><html><body><img src='/photo.jpg' alt=''></body></html>"
    with pytest.raises(ImportRejected, match=r"No article text was found at https://news\.example"):
        extract_article(fetched(empty))


def test_a_page_with_only_menus_is_flagged_for_a_look():
    menus = b"<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav></body></html>"
    article = extract_article(fetched(menus))
    assert len(article.text) < 200
    assert (
        f"Only {len(article.text)} characters of text were found; check that this is the "
        "article and not the page's menus."
    ) in article.warnings


def test_missing_metadata_is_reported_as_warnings():
    two_paragraphs = LONG_PARAGRAPH + LONG_PARAGRAPH.replace("Monday", "Friday")
    article = extract_article(fetched(page(two_paragraphs, html_attributes="")))
    assert article.language == ""
    assert article.author == "" and article.published is None
    assert article.site_name == "news.example"
    assert set(article.warnings) == {
        "The page does not declare its language; choose it before importing.",
        "The page names no author.",
        "The page names no publisher; its host name stands in for it.",
        "The page gives no publication date.",
    }


def test_a_language_from_og_locale_becomes_a_bcp47_tag():
    head = '<meta property="og:locale" content="km_KH">'
    article = extract_article(fetched(page(LONG_PARAGRAPH, head=head, html_attributes="")))
    assert article.language == "km-KH"


def test_xhtml_with_an_xml_declaration_is_extracted():
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en"><head><title>A story</title>'
        f"</head><body><article>{LONG_PARAGRAPH}</article></body></html>"
    ).encode()
    article = extract_article(fetched(body, content_type="application/xhtml+xml"))
    assert article.text.startswith("The council approved the budget")
    assert article.language == "en"


def test_plain_text_is_imported_as_it_is():
    article = extract_article(fetched(b"First line.\r\nSecond line.\n", "text/plain", "utf-8"))
    assert article.text == "First line.\nSecond line.\n"
    assert article.title == "" and article.language == ""
    assert article.warnings == (
        "The page is plain text: it names no title, author, date or language.",
    )


def test_trailing_combining_marks_of_an_author_name_are_restored():
    page_text = '<meta name="author" content="ហេង សុខា"> <p>रवि कुमारी</p>'
    assert restore_trailing_marks("ហេង សុខ", page_text) == "ហេង សុខា"
    assert restore_trailing_marks("रवि कुमार", page_text) == "रवि कुमारी"
    assert restore_trailing_marks("Sophea Lim", page_text) == "Sophea Lim"


def test_marks_are_taken_only_where_the_name_ends():
    page_text = "<p>ហេង សុខុម</p> <meta name='author' content='ហេង សុខា'>"
    assert restore_trailing_marks("ហេង សុខ", page_text) == "ហេង សុខា"
    assert restore_trailing_marks("ហេង សុ", "<p>ហេង សុខុម</p>") == "ហេង សុ"
