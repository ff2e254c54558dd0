package upload_test

import (
	"testing"

	"boxuploader/upload"
)

func TestParseFileID_RealLinkShapes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		id   string
		kind upload.Kind
	}{
		{"123456789", "123456789", 0},
		{"  123456789\n", "123456789", 0},
		{"https://app.box.com/file/1234567890123", "1234567890123", 0},
		{"https://app.box.com/file/1234567890123?s=abc&sb=/details", "1234567890123", 0},
		{"https://acme.app.box.com/file/987654321", "987654321", 0},
		{"https://acme.ent.box.com/file/987654321#comments", "987654321", 0},
		{"app.box.com/file/42", "42", 0},
		{"https://app.box.com/files/42", "42", 0},
		{"https://app.box.com/file/42/preview", "42", 0},
		{"https://app.box.com/files/0/f/5555/1/f_42", "42", 0},
		{"HTTPS://APP.BOX.COM/file/42", "42", 0},
		{"", "", upload.KindBadFileID},
		{"abc", "", upload.KindBadFileID},
		{"12 34", "", upload.KindBadFileID},
		{"-5", "", upload.KindBadFileID},
		{"https://example.com/file/42", "", upload.KindBadFileID},
		{"https://box.com.evil.example/file/42", "", upload.KindBadFileID},
		{"https://app.box.com/", "", upload.KindBadFileID},
		{"https://app.box.com/folder/77", "", upload.KindFolderLink},
		{"https://app.box.com/folder/0", "", upload.KindFolderLink},
		{"0", "", upload.KindFolderLink},
		{"https://app.box.com/s/q2w3e4r5t6y7u8i9o0", "", upload.KindSharedLink},
		{"https://acme.app.box.com/v/handbook", "", upload.KindSharedLink},
	} {
		id, err := upload.ParseFileID(tc.in)
		if id != tc.id || upload.KindOf(err) != tc.kind {
			t.Errorf("ParseFileID(%q) = %q, %v; want %q, kind %d", tc.in, id, err, tc.id, tc.kind)
		}
	}
}

func TestParseFolderID_RealLinkShapes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		id   string
		kind upload.Kind
	}{
		{"0", "0", 0},
		{"77", "77", 0},
		{"https://app.box.com/folder/77", "77", 0},
		{"https://acme.app.box.com/folder/77?tc=collab-folder-invite-treatment", "77", 0},
		{"https://app.box.com/files/0/f/77", "77", 0},
		{"https://app.box.com/files/0/f/5555/1/d_77", "77", 0},
		{"https://app.box.com/file/42", "", upload.KindFileLink},
		{"https://app.box.com/s/q2w3e4r5t6y7u8i9o0", "", upload.KindSharedLink},
		{"folder", "", upload.KindBadFolderID},
	} {
		id, err := upload.ParseFolderID(tc.in)
		if id != tc.id || upload.KindOf(err) != tc.kind {
			t.Errorf("ParseFolderID(%q) = %q, %v; want %q, kind %d", tc.in, id, err, tc.id, tc.kind)
		}
	}
}

func TestCheckBaseURL_PlainHTTPOnlyToLoopback(t *testing.T) {
	for _, tc := range []struct {
		in   string
		kind upload.Kind
	}{
		{"https://api.box.com/2.0", 0},
		{"http://127.0.0.1:8080/2.0", 0},
		{"http://127.1.2.3/2.0", 0},
		{"http://localhost:9000", 0},
		{"http://[::1]:9000", 0},
		{"http://api.box.com/2.0", upload.KindInsecureURL},
		{"http://192.168.1.10/2.0", upload.KindInsecureURL},
		{"http://127.0.0.1.evil.example/2.0", upload.KindInsecureURL},
		{"ftp://api.box.com", upload.KindBadURL},
		{"api.box.com", upload.KindBadURL},
		{"", upload.KindBadURL},
	} {
		if got := upload.KindOf(upload.CheckBaseURL(tc.in)); got != tc.kind {
			t.Errorf("CheckBaseURL(%q): kind %d, want %d", tc.in, got, tc.kind)
		}
	}
}
