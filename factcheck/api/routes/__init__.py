"""The API's operations, one router per resource (api.py mounts them). Like the page
views, each operation fetches through its app's access guard and writes through its
service, so the API cannot do what the page would refuse."""
