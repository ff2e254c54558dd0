; The Setup's own sentences in Japanese; NSIS translates its standard pages.
LangString Description ${LANG_JAPANESE} "ファイルを Box にアップロードします（大きなファイルも）"
LangString WelcomeText ${LANG_JAPANESE} "${APP} ${VERSION} を、このユーザー用にインストールします。管理者の権限は必要ありません。$\r$\n$\r$\nインストール後は、ファイルをウィンドウにドロップするか、エクスプローラーでファイルを右クリックして［送る］→［${APP}］を選んでください。$\r$\n$\r$\n続けるには［次へ］をクリックしてください。"
