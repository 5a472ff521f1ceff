FLASK_APP=backend.app:create_cli_app
