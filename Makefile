# One-command set-up: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= qms.settings.base
APPS := organisation accounts documents approvals notifications signatures renditions reviews reminders audits nonconformities procedures objectives risks

.PHONY: run test lint format migrate demo worker beat messages clean

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

messages: $(STAMP)
	# Each app's strings go to <app>/locale/vi; templates/ and qms/ to locale/vi.
	for app in $(APPS); do \
		(cd $$app && mkdir -p locale && DEBUG=true DJANGO_SETTINGS_MODULE=qms.settings.base PYTHONPATH=.. \
			../$(BIN)/django-admin makemessages -l vi); \
	done
	DEBUG=true $(BIN)/python manage.py makemessages -l vi --ignore=.venv --ignore=tests --ignore=benchmarks \
		$(foreach app,$(APPS),--ignore=$(app))
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
