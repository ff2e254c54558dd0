package boxtest

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// AddVersionInfo adds a version of the file with the given size and SHA-1
// (hex), uploaded by the person called by ("" is the account's user) at
// at (zero is now), as if someone had uploaded it; it bumps the etag and
// returns the version's ID. It panics if fileID is not a file or sha1hex
// is malformed.
func (s *Server) AddVersionInfo(fileID string, size int64, sha1hex, by string, at time.Time) string {
	mustSHA1(sha1hex)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustFile(fileID)
	f := s.writeContent(upload{fileID: fileID, size: size}, strings.ToLower(sha1hex), at)
	if !at.IsZero() {
		f.modifiedAt = at
	}
	f.versions[len(f.versions)-1].ModifiedBy = by
	return f.current().ID
}

func mustSHA1(sha1hex string) {
	if b, err := hex.DecodeString(sha1hex); err != nil || len(b) != sha1.Size {
		panic(fmt.Sprintf("boxtest: %q is not a hex SHA-1", sha1hex))
	}
}

// DemoTree holds the IDs of what AddDemoTree made.
type DemoTree struct {
	// TeamProjects is the folder "Team projects"; ProjectVideo is
	// "Project video.mp4" in it (48 MB, chunked), the file the demo replaces.
	TeamProjects, ProjectVideo string
	// Sales is 営業部, with the year folders Sales2026 and Sales2025.
	Sales, Sales2026, Sales2025 string
	// Estimate2026 is 営業部/2026/見積書.xlsx: four versions, the last
	// by 田中. Estimate2025 is its namesake in 営業部/2025.
	Estimate2026, Estimate2025 string
	// Report is 営業部/2026/ﾚﾎﾟｰﾄ.docx, a half-width name that Box deems
	// the same as レポート.docx.
	Report string
	// Contract is 営業部/契約書.pdf, locked.
	Contract string
	// Rules is 規程集, a view-only folder: no new files or folders;
	// Regulation is 就業規則.pdf in it.
	Rules, Regulation string
	// Marketing and Invoices are English folders with a few files.
	Marketing, Invoices string
	// Archive is "Archive 2019–2024", 5,000 files: a folder to page through.
	Archive string
	// ArchiveFiles is how many files Archive holds.
	ArchiveFiles int
}

// demoVersion is one version of a demo file.
type demoVersion struct {
	size int64
	by   string // "" is the account's user
	at   time.Time
}

// AddDemoTree fills the server with a realistic account, in Japanese and
// English, for the demo and for tests: nested folders, files with several
// versions by several people, namesakes in different folders, a locked
// file, a view-only folder, a trashed file and a folder of 5,000 files.
// On a new server it makes the same IDs every time. It panics if All Files
// already holds one of its top-level names.
func (s *Server) AddDemoTree() DemoTree {
	jst := time.FixedZone("JST", 9*60*60)
	day := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, jst) }
	one := func(size int64, at time.Time) []demoVersion { return []demoVersion{{size: size, at: at}} }

	s.mu.Lock()
	defer s.mu.Unlock()
	for _, name := range []string{"営業部", "規程集", "Team projects", "Marketing", "Invoices", "Archive 2019–2024"} {
		if s.nameTaken(rootFolderID, name) != nil {
			panic(fmt.Sprintf("boxtest: All Files already holds an item named %q", name))
		}
	}
	var t DemoTree

	t.Sales = s.addFolder(rootFolderID, "営業部", day(2024, 4, 1, 9)).id
	t.Sales2026 = s.addFolder(t.Sales, "2026", day(2026, 1, 5, 9)).id
	t.Sales2025 = s.addFolder(t.Sales, "2025", day(2025, 1, 6, 9)).id
	t.Estimate2026 = s.seedFile(t.Sales2026, "見積書.xlsx", "", []demoVersion{
		{size: 48_120, by: "佐藤 花子", at: day(2026, 3, 2, 10)},
		{size: 51_304, by: "田中 太郎", at: day(2026, 4, 10, 15)},
		{size: 52_988, by: "佐藤 花子", at: day(2026, 4, 28, 11)},
		{size: 53_410, by: "田中 太郎", at: day(2026, 5, 12, 17)},
	})
	t.Report = s.seedFile(t.Sales2026, "ﾚﾎﾟｰﾄ.docx", "", []demoVersion{{size: 88_213, by: "田中 太郎", at: day(2026, 4, 30, 18)}})
	s.seedFile(t.Sales2026, "請求書_2026-04.pdf", "", one(120_554, day(2026, 4, 30, 12)))
	old := s.seedFile(t.Sales2026, "古い見積書.xlsx", "", one(40_002, day(2026, 1, 20, 9)))
	s.files[old].trashed = true
	t.Estimate2025 = s.seedFile(t.Sales2025, "見積書.xlsx", "", []demoVersion{
		{size: 45_877, by: "田中 太郎", at: day(2025, 6, 3, 14)},
		{size: 46_019, by: "田中 太郎", at: day(2025, 6, 20, 16)},
	})
	s.seedFile(t.Sales2025, "売上報告 2025.pptx", "", one(2_480_113, day(2025, 12, 26, 19)))
	t.Contract = s.seedFile(t.Sales, "契約書.pdf", "", []demoVersion{{size: 310_442, by: "鈴木 一郎", at: day(2026, 2, 17, 13)}})
	s.files[t.Contract].lockID = s.newID()

	rules := s.addFolder(rootFolderID, "規程集", day(2023, 4, 1, 9))
	rules.canUpload = false
	t.Rules = rules.id
	t.Regulation = s.seedFile(t.Rules, "就業規則.pdf", "", []demoVersion{{size: 612_004, by: "人事部", at: day(2025, 4, 1, 9)}})
	s.seedFile(t.Rules, "経費精算規程.pdf", "", []demoVersion{{size: 204_778, by: "人事部", at: day(2025, 10, 1, 9)}})
	s.files[t.Regulation].canUpload = false

	t.TeamProjects = s.addFolder(rootFolderID, "Team projects", day(2025, 9, 1, 10)).id
	t.ProjectVideo = s.seedFile(t.TeamProjects, "Project video.mp4", "6f1ed002ab5595859014ebf0951522d9b1e6f3a4",
		[]demoVersion{{size: 48_213_450, by: "Alex Kim", at: day(2026, 5, 8, 16)}})
	s.seedFile(t.TeamProjects, "Storyboard.pdf", "", one(3_112_908, day(2026, 4, 22, 11)))
	s.seedFile(t.TeamProjects, "Notes.txt", "", one(4_211, day(2026, 5, 11, 9)))

	t.Marketing = s.addFolder(rootFolderID, "Marketing", day(2024, 1, 15, 9)).id
	campaign := s.addFolder(t.Marketing, "Campaign 2026", day(2026, 1, 8, 9)).id
	s.seedFile(campaign, "Launch plan.docx", "", []demoVersion{
		{size: 76_001, by: "Alex Kim", at: day(2026, 2, 2, 10)},
		{size: 79_440, by: "Maria Garcia", at: day(2026, 3, 9, 15)},
	})
	s.seedFile(t.Marketing, "Brand guidelines.pdf", "", one(8_640_223, day(2025, 11, 3, 10)))
	s.seedFile(t.Marketing, "ﾌﾟﾚｽﾘﾘｰｽ.docx", "", one(35_870, day(2026, 4, 1, 10)))

	t.Invoices = s.addFolder(rootFolderID, "Invoices", day(2024, 1, 2, 9)).id
	for m := time.January; m <= time.May; m++ {
		s.seedFile(t.Invoices, fmt.Sprintf("Invoice 2026-%02d.pdf", int(m)), "", one(90_000+int64(m)*1_234, day(2026, m, 28, 17)))
	}

	t.ArchiveFiles = 5000
	t.Archive = s.addFolder(rootFolderID, "Archive 2019–2024", day(2024, 12, 27, 18)).id
	for i := range t.ArchiveFiles {
		year := 2019 + i*6/t.ArchiveFiles
		month := time.Month(1 + i/7%12)
		name := fmt.Sprintf("Scan %d-%02d %04d.pdf", year, int(month), i+1)
		s.seedFile(t.Archive, name, "", one(40_000+int64(i*7919%900_000), day(year, month, 1+i%28, 9+i%9)))
	}
	return t
}

// seedFile adds a file with the given versions, oldest first, without the
// checks an upload makes: AddDemoTree knows its names are free. A version's
// SHA-1 is made from the name and its number, unless sha1hex gives the
// last one. s.mu must be held.
func (s *Server) seedFile(folderID, name, sha1hex string, versions []demoVersion) string {
	f := &file{id: s.newID(), name: name, parentID: folderID, canUpload: true, etag: int64(len(versions) - 1)}
	for i, v := range versions {
		sum := sha1.Sum(fmt.Appendf(nil, "%s\x00%d", name, i))
		sha := hex.EncodeToString(sum[:])
		if i == len(versions)-1 && sha1hex != "" {
			sha = sha1hex
		}
		f.versions = append(f.versions, Version{ID: s.newID(), SHA1: sha, Size: v.size, ModifiedBy: v.by})
	}
	last := versions[len(versions)-1].at
	f.modifiedAt, f.contentModifiedAt = last, last
	s.files[f.id] = f
	return f.id
}
