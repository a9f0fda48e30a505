from commsctl import __version__


def test_starter_plan_validates_clean(cli, starter_plan):
    result = cli("validate", starter_plan)
    assert result.exit_code == 0, result.output
    assert "No findings" in result.output


def test_version_option(cli):
    result = cli("--version")
    assert result.stdout.strip() == f"commsctl {__version__}"
