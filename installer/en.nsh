; The Setup's own sentences in English; NSIS translates its standard pages.
LangString Description ${LANG_ENGLISH} "Upload files to Box, large ones too"
LangString WelcomeText ${LANG_ENGLISH} "This installs ${APP} ${VERSION} for you alone: no administrator rights are needed.$\r$\n$\r$\nAfterwards, drop files on its window, or right-click files in Explorer and choose Send to → ${APP}.$\r$\n$\r$\nClick Next to continue."
