"""Believable Vietnamese body text for load tests (``seed_scale --body-text``,
benchmarks/search.py): pages of an agency's procedure built from sentence templates whose
slots are filled from word lists, so words have the spread of real documents (a few in
nearly every page, most in some, a few rare) rather than a handful repeated everywhere.

One page in ``RARE_EVERY`` carries one of ``RARE_SENTENCES`` (words found nowhere else),
for the "rare word" queries of the benchmark.
"""

import random
from functools import lru_cache

from search.text import WORD, _fold_char, nfc

SUBJECTS = [
    "tuyển sinh lớp 10",
    "thi tốt nghiệp trung học phổ thông",
    "cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
    "chỉnh sửa nội dung văn bằng",
    "công nhận trường đạt chuẩn quốc gia",
    "cho phép thành lập trung tâm ngoại ngữ",
    "chuyển trường đối với học sinh trung học",
    "xét tặng danh hiệu nhà giáo ưu tú",
    "bồi dưỡng thường xuyên giáo viên",
    "kiểm định chất lượng giáo dục",
    "mua sắm thiết bị dạy học",
    "tiếp nhận và xử lý đơn thư khiếu nại",
    "lưu trữ hồ sơ học sinh",
    "khảo sát sự hài lòng của phụ huynh",
    "thi đua, khen thưởng",
    "phòng cháy chữa cháy trong trường học",
    "an toàn thực phẩm bếp ăn bán trú",
    "cấp giấy phép dạy thêm, học thêm",
    "đánh giá ngoài cơ sở giáo dục",
    "tuyển dụng viên chức",
]
ACTORS = [
    "Bộ phận tiếp nhận và trả kết quả",
    "Chuyên viên phòng Giáo dục trung học",
    "Trưởng phòng Tổ chức cán bộ",
    "Văn thư cơ quan",
    "Phó Giám đốc Sở",
    "Thư ký hội đồng",
    "Cán bộ quản lý tài liệu",
    "Phòng Khảo thí và Quản lý chất lượng",
    "Thanh tra Sở",
    "Kế toán trưởng",
    "Hiệu trưởng nhà trường",
    "Tổ công tác liên ngành",
]
RECORDS = [
    "đơn đề nghị theo mẫu",
    "bản sao giấy khai sinh",
    "học bạ trung học cơ sở",
    "biên bản kiểm tra thực tế",
    "quyết định thành lập hội đồng",
    "sổ theo dõi cấp phát văn bằng",
    "phiếu kiểm soát quá trình giải quyết hồ sơ",
    "giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "báo cáo tự đánh giá",
    "kế hoạch năm học",
    "danh sách học sinh đề nghị",
    "bảng tổng hợp ý kiến góp ý",
]
VERBS = [
    "tiếp nhận",
    "kiểm tra",
    "thẩm định",
    "trình ký",
    "phê duyệt",
    "lưu trữ",
    "cập nhật",
    "tổng hợp",
    "rà soát",
    "phân công",
]
LAWS = [
    "Luật Giáo dục năm 2019",
    "Nghị định số 23/2015/NĐ-CP",
    "Thông tư số 21/2019/TT-BGDĐT",
    "Quyết định số 1230/QĐ-UBND",
    "TCVN ISO 9001:2015",
    "Nghị định số 61/2018/NĐ-CP về cơ chế một cửa",
]
TEMPLATES = [
    "{actor} {verb} {record} và chuyển cho {actor2} trong thời hạn {days} ngày làm việc.",
    "Hồ sơ về {subject} gồm {record}, {record2} và {record3}.",
    "Trường hợp hồ sơ chưa hợp lệ, {actor} hướng dẫn tổ chức, cá nhân bổ sung một lần bằng văn bản.",
    "Căn cứ {law}, {actor} {verb} kết quả giải quyết thủ tục {subject}.",
    "Thời gian giải quyết thủ tục {subject} không quá {days} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
    "{actor} chịu trách nhiệm {verb} {record} và lưu hồ sơ theo quy định trong {years} năm.",
    "Mục đích của quy trình là thống nhất trình tự {subject}, bảo đảm đúng thời hạn và minh bạch.",
    "Phạm vi áp dụng: {actor} và các đơn vị trực thuộc có liên quan đến {subject}.",
    "Kết quả được trả trực tiếp tại {actor} hoặc qua dịch vụ bưu chính công ích.",
    "Phí, lệ phí: {fee} đồng theo {law}.",
    "Biểu mẫu sử dụng: {record}; {record2}.",
    "Hằng năm {actor} {verb} việc thực hiện quy trình và đề xuất cải tiến.",
    "Khi phát hiện sự không phù hợp, {actor} ghi nhận, phân tích nguyên nhân và đề xuất hành động khắc phục.",
    "Các từ viết tắt: TTHC là thủ tục hành chính, CBCC là cán bộ, công chức, HS là hồ sơ.",
    "{actor2} xem xét, ký duyệt và chuyển {actor} đóng dấu, vào sổ công văn đi.",
    "Đánh giá nội bộ được thực hiện ít nhất một lần mỗi năm theo kế hoạch đã được phê duyệt.",
]
RARE_SENTENCES = [
    "Thí sinh có quyền đề nghị phúc khảo bài thi trong thời hạn mười ngày kể từ ngày công bố điểm.",
    "Thiết bị đo khúc xạ kế được hiệu chuẩn định kỳ tại phòng thí nghiệm.",
]
RARE_EVERY = 2000


def _sentence(rng: random.Random) -> str:
    actor, actor2 = rng.sample(ACTORS, 2)
    record, record2, record3 = rng.sample(RECORDS, 3)
    return rng.choice(TEMPLATES).format(
        actor=actor,
        actor2=actor2,
        record=record,
        record2=record2,
        record3=record3,
        subject=rng.choice(SUBJECTS),
        verb=rng.choice(VERBS),
        law=rng.choice(LAWS),
        days=rng.choice([3, 5, 7, 10, 15, 20, 30]),
        years=rng.choice([5, 10, 20]),
        fee=rng.choice(["50.000", "100.000", "150.000", "200.000"]),
    )


@lru_cache(maxsize=1)
def _fold_table() -> dict:
    """search.text's character folding as a str.translate table over every character of
    the word lists (hundreds of thousands of pages: per-character Python is too slow)."""
    chars = set("".join([*SUBJECTS, *ACTORS, *RECORDS, *VERBS, *LAWS, *TEMPLATES, *RARE_SENTENCES]))
    chars |= set("0123456789.,")
    return {ord(ch): _fold_char(ch) for ch in chars}


def _folded(sentence: str) -> str:
    """``search.text.fold_words`` of a sentence made from the word lists, joined."""
    return " ".join(WORD.findall(nfc(sentence).translate(_fold_table()).replace("_", " ")))


POOL_SIZE = 20_000


@lru_cache(maxsize=4)
def _pool(seed: int) -> list[tuple[str, str]]:
    """POOL_SIZE filled sentences with their folded forms, made once: pages are drawn from
    it (hundreds of thousands of pages for a load test)."""
    rng = random.Random(seed)
    return [(sentence, _folded(sentence)) for sentence in (_sentence(rng) for _ in range(POOL_SIZE))]


def page_text(rng: random.Random, *, sentences: int = 14, rare: str = "", seed: int = 13) -> tuple[str, str]:
    """One page: its text (NFC) and its folded form, as ``search.text.fold`` gives it."""
    chosen = rng.choices(_pool(seed), k=sentences)
    if rare:
        chosen.insert(rng.randint(0, len(chosen)), (rare, _folded(rare)))
    return " ".join(text for text, _ in chosen), f" {' '.join(folded for _, folded in chosen)} "


def document_pages(rng: random.Random, index: int, *, low: int = 2, high: int = 5):
    """``low``-``high`` pages for the ``index``-th document; one in RARE_EVERY carries a
    rare sentence on its second page."""
    count = rng.randint(low, high)
    rare = RARE_SENTENCES[(index // RARE_EVERY) % len(RARE_SENTENCES)] if index % RARE_EVERY == 0 else ""
    return [page_text(rng, rare=rare if number == 2 else "") for number in range(1, count + 1)]
