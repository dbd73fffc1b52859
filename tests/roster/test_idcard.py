"""ID number checks and masks."""

from routing.privacy import mask_id_number, mask_phone
from routing.roster.idcard import check_char, id_number_problem, phone_problem, sex_of


def test_check_char_of_a_known_number():
    assert check_char("11010519491231002") == "X"


def test_valid_and_invalid_numbers():
    assert id_number_problem("11010519491231002X") is None
    assert "check digit" in id_number_problem("110105194912310021")
    assert "17 characters" in id_number_problem("64042219900101001")
    assert "birth date" in id_number_problem("640422199013010018")


def test_number_mangled_by_excel_is_named():
    assert "Excel" in id_number_problem("6.40104199001010E+17")


def test_masks_keep_only_ends():
    assert mask_id_number("64042219900101002X") == "640422********002X"
    assert mask_id_number("640422900101002") == "640*********002"  # malformed: at most half shows
    assert mask_id_number("1234") == "1**4"
    assert mask_phone("13995123456") == "139****3456"


def test_sex_and_phone():
    assert sex_of("11010519491231002X") == "F"
    assert phone_problem("13995123456") is None
    assert phone_problem("2345") is not None
