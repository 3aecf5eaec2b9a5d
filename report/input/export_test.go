package input

// SetTextBlocks cuts text into blocks of size bytes and reads a file read
// once from a sample of sampleRows rows, for the tests of other packages'
// use of ReadBatches; it returns the undo.
func SetTextBlocks(size, sampleRows int) (undo func()) {
	oldSize, oldRows := blockSize, onePassRows
	blockSize, onePassRows = size, sampleRows
	return func() { blockSize, onePassRows = oldSize, oldRows }
}
