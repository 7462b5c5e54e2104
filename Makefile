# One-command set-up: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= qms.settings.base
APPS := organisation accounts documents approvals notifications signatures renditions reviews reminders audits nonconformities procedures objectives risks management_reviews dossiers search transfer

.PHONY: run test lint format migrate demo worker beat messages clean screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt requirements-build.txt
	PIP_CONSTRAINT=requirements-build.txt PIP_BUILD_CONSTRAINT=requirements-build.txt \
	  $(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

migrate: $(STAMP)
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py collectstatic --noinput -v0
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py seed_demo

run: demo
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	DJANGO_SETTINGS_MODULE=qms.settings.test $(BIN)/pytest $(PYTEST_ARGS)

worker: $(STAMP)
	$(BIN)/celery -A qms worker --loglevel=info

beat: $(STAMP)
	$(BIN)/celery -A qms beat --loglevel=info

# Apps (directories with an apps.py) whose catalogues `make messages` leaves alone: those
# not in APPS (`make messages APPS="documents audits"` updates only those two, plus
# locale/vi). makemessages' --ignore matches a directory's name at any depth, so an app left
# out also skips templates/<that app>/.
OTHER_APPS = $(filter-out $(APPS) qms demo,$(patsubst %/apps.py,%,$(wildcard */apps.py)))
# Never scanned for strings.
NOT_SOURCES := .venv tests benchmarks docs tools static staticfiles media node_modules

messages: $(STAMP)
	# One run from the project root (so `reminders` is the app, not an app's reminders.py):
	# makemessages files each string under the nearest locale/ directory above it, so an
	# app's strings go to <app>/locale/vi and templates/, qms/ and demo/ to locale/vi. The
	# settings leave LOCALE_PATHS empty while it runs (see qms/settings/base.py).
	for app in $(APPS); do mkdir -p $$app/locale; done
	DEBUG=true $(BIN)/python manage.py makemessages -l vi \
		$(foreach dir,$(NOT_SOURCES) $(OTHER_APPS),--ignore=$(dir))
	DEBUG=true $(BIN)/python manage.py compilemessages -l vi \
		$(foreach dir,$(NOT_SOURCES) $(OTHER_APPS),--ignore=$(dir))

# The main pages at 1280 and 390 px, as the demo users see them (Debian's chromium), into
# docs/screenshots/ (tools/screenshots.py starts the demo on a temporary database).
screenshots: $(STAMP)
	$(BIN)/python tools/screenshots.py
	$(BIN)/python tools/screenshots.py --lang vi --only home-officer document sign

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
