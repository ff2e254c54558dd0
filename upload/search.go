package upload

import (
	"context"
	"net/url"
	"strconv"

	"boxuploader/upload/boxapi"
)

// searchFields are what a search hit shows: enough to tell two files of the
// same name apart by where they live.
const searchFields = "type,id,name,size,sha1,etag,modified_at,modified_by,file_version,lock,permissions,path_collection"

// searchLimit is the most hits one search page holds.
const searchLimit = 200

// SearchFiles finds files whose name contains query, anywhere the person
// can see or, when within is not "", inside that folder at any depth. It
// returns the page of hits from offset on, with Box's total count.
//
// Box's search is an index that lags minutes behind: it helps a person find
// a file, and is never asked whether a name exists in a folder (list the
// folder for that).
func (c *Client) SearchFiles(ctx context.Context, query, within string, offset int) (*boxapi.Items, error) {
	q := url.Values{
		"query": {query}, "type": {"file"}, "content_types": {"name"}, "fields": {searchFields},
		"limit": {strconv.Itoa(searchLimit)}, "offset": {strconv.Itoa(offset)},
	}
	if within != "" {
		q.Set("ancestor_folder_ids", within)
	}
	var hits boxapi.Items
	if err := c.getJSON(ctx, "search "+strconv.Quote(query), c.apiURL()+"/search?"+q.Encode(), &hits); err != nil {
		return nil, err
	}
	return &hits, nil
}
