"""o7app: the Streamlit side of O.7 Planer (session state and shared page helpers).

Everything that computes lives in ``o7core``; this package only keeps the user's session and
draws shared elements. It may import streamlit; ``o7core`` never does.
"""
